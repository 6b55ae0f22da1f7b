import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('when the environment is empty, every setting has its default', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.MONGODB_URI).toBeUndefined();
    expect(config.JOBS_ENABLED).toBe(true);
  });

  it('when variables hold bad values, the error names each of them', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', MONGODB_URI: 'postgres://x', LOG_LEVEL: 'loud' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(names).toEqual(['LOG_LEVEL', 'MONGODB_URI', 'PORT']);
  });

  it('when the process starts with a bad variable, it stops before serving and says which', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: '99999', MONGODB_URI: '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('PORT');
  });

  it('in production, a missing JWT secret or database credentials are refused, each named', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', MONGODB_URI: 'mongodb://db.example:27017/wushe' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual(['JWT_SECRET', 'MONGODB_URI']);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toThrow(/MONGODB_URI/);
  });

  it('in production, a JWT secret and a database URI with credentials are enough', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-long-random-secret-of-at-least-32-chars',
      MONGODB_URI: 'mongodb://wushe:s3cret@db.example:27017/wushe',
    });
    expect(config.NODE_ENV).toBe('production');
  });

  it('when the process starts in production without its secrets, it exits 78 naming them before touching a database', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: '0' };
    delete env.JWT_SECRET;
    delete env.MONGODB_URI;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('JWT_SECRET');
    expect(run.stderr).toContain('MONGODB_URI');
  });
});
