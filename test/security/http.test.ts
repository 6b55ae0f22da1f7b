import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { redactUrl } from '../../src/http/context.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
let coordinator: SignedIn;
beforeAll(async () => {
  await buildStations();
  coordinator = await buildCoordinator(app);
});

describe('NUL bytes are a 400 everywhere, never a 500', () => {
  it.each(['/api/needs?q=%00', '/api/households?q=%00', '/api/households?q=abc%00def', '/api/volunteers?q=%00', '/api/households/%00'])(
    'GET %s',
    async (url) => {
      const res = await request(app).get(url).set(coordinator.auth);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    },
  );

  it('a NUL in a JSON body string or key answers 400 invalid_characters', async () => {
    for (const body of [{ headName: 'a\u0000b' }, { mapping: { ['列\u0000']: 'headName' } }, { members: [{ name: '\u0000' }] }]) {
      const res = await request(app).post('/api/households').set(coordinator.auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_characters');
      expect(res.body.error.message).toMatch(/空字符/);
    }
  });
});

describe('request bodies in a bad encoding are a 4xx', () => {
  // Raw bytes over a real socket: superagent would serialise a Buffer body as JSON.
  let url = '';
  beforeAll(async () => {
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return () => new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const post = async (encoding: string, body: Buffer) => {
    const res = await fetch(`${url}/api/households`, {
      method: 'POST',
      headers: { ...coordinator.auth, 'Content-Type': 'application/json', 'Content-Encoding': encoding },
      body: new Uint8Array(body),
    });
    return { status: res.status, body: (await res.json()) as { error: { code: string } } };
  };

  it('junk gzip, deflate or br answers 400', async () => {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const res = await post(encoding, Buffer.from('this is not compressed at all'));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_body');
    }
  });

  it('an encoding we do not inflate answers 415', async () => {
    for (const encoding of ['zstd', 'compress', 'gzip, br']) expect((await post(encoding, Buffer.from('{}'))).status).toBe(415);
  });

  it('a well-formed gzip body is still read', async () => {
    const res = await post('gzip', gzipSync(JSON.stringify({})));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });
});

describe('security headers', () => {
  it('the API and the console carry CSP with frame-ancestors, Referrer-Policy and nosniff; no HSTS outside production', async () => {
    for (const res of [
      await request(app).get('/api/auth/me').set(coordinator.auth),
      await request(app).get('/').set('Accept', 'text/html'),
      await request(app).get('/api/no-such-route'),
    ]) {
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('in production HSTS is sent', async () => {
    const production = createApp({ log: testLog, auth: testAuth, production: true });
    const res = await request(production).get('/api/no-such-route');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
  });
});

describe('search terms are not logged', () => {
  it('redacts q, phone and name values in the logged URL and keeps the rest', () => {
    expect(redactUrl('/api/households?q=%E9%AB%98%E6%98%A5%E6%A2%85&limit=5')).toBe('/api/households?q=[redacted]&limit=5');
    expect(redactUrl('/api/volunteers?phone=13984541897&name=高春梅&stationCode=620723101')).toBe(
      '/api/volunteers?phone=[redacted]&name=[redacted]&stationCode=620723101',
    );
    expect(redactUrl('/api/needs')).toBe('/api/needs');
  });

  it("the request log line of a search carries no beneficiary's name", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logged = createApp({ log: pino({ level: 'info' }, sink), auth: testAuth });
    const res = await request(logged).get('/api/households').query({ q: '高春梅', limit: 5 }).set(coordinator.auth);
    expect(res.status).toBe(200);
    const requestLine = lines.find((l) => l.includes('"msg":"request"'));
    expect(requestLine).toBeDefined();
    expect(requestLine).toContain('q=[redacted]');
    expect(lines.join('')).not.toContain('高春梅');
    expect(lines.join('')).not.toContain('%E9%AB%98');
  });
});
