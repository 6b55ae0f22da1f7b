import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { sessions } from '../../src/auth/repository.js';
import { hashRefreshToken } from '../../src/auth/tokens.js';
import { useTestDatabase } from '../helpers/db.js';
import { LINZE, buildCoordinator } from '../helpers/factories.js';
import { useLiveServer } from '../helpers/server.js';

useTestDatabase();
const live = useLiveServer();

/** Resolves with the disconnect reason once the server closes the socket. */
const disconnected = (socket: { once(event: 'disconnect', cb: (reason: string) => void): unknown }) =>
  new Promise<string>((resolve) => socket.once('disconnect', resolve));

describe('a socket lives no longer than its session', () => {
  it('logout over HTTP disconnects the open socket of that session at once', async () => {
    const c = await buildCoordinator(live.server.app, LINZE.shahe);
    const client = await live.connect(c.token);
    const other = await live.connect((await buildCoordinator(live.server.app, LINZE.shahe)).token);
    const gone = disconnected(client.socket);
    expect((await request(live.server.app).post('/api/auth/logout').set(c.auth)).status).toBe(204);
    expect(await gone).toBe('io server disconnect');
    // Another person's socket is untouched.
    expect(other.socket.connected).toBe(true);
  });

  it('replaying a rotated refresh token disconnects the sockets of the whole family', async () => {
    const c = await buildCoordinator(live.server.app, LINZE.pingchuan);
    const rotated = await request(live.server.app).post('/api/auth/refresh').send({ refreshToken: c.refreshToken });
    expect(rotated.status).toBe(200);
    const client = await live.connect(rotated.body.accessToken);
    const gone = disconnected(client.socket);
    expect((await request(live.server.app).post('/api/auth/refresh').send({ refreshToken: c.refreshToken })).status).toBe(401);
    expect(await gone).toBe('io server disconnect');
  });

  it('a session ended elsewhere (another instance) is found by the sweep and its socket closed', async () => {
    const c = await buildCoordinator(live.server.app, LINZE.yanuan);
    const client = await live.connect(c.token);
    const gone = disconnected(client.socket);
    // End the family without this process hearing of it, as another instance would.
    const session = await sessions.findByRefreshHash(hashRefreshToken(c.refreshToken));
    expect(session).not.toBeNull();
    await sessions.endFamily(session!, 'logout');
    expect(await gone).toBe('io server disconnect');
  });
});
