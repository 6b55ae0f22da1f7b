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
});
