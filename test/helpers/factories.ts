import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import type { Role } from '../../src/auth/actor.js';
import { loadStationsFromDivisions } from '../../src/stations/service.js';
import { testAuth } from './db.js';

/** 临泽县 and three of its stations (DOMAIN.md), used across tests. */
export const LINZE = { county: '620723', shahe: '620723101', pingchuan: '620723104', yanuan: '620723106' } as const;

/** Loads stations from the vendored divisions into this file's database. */
export async function buildStations(): Promise<void> {
  await loadStationsFromDivisions();
}

/** A signed-in account and the header that carries its token. */
export interface SignedIn {
  userId: string;
  token: string;
  refreshToken: string;
  auth: { Authorization: string };
  username: string;
}

/** The password of every account the test factories create. */
export const TEST_PASSWORD = 'pass-word-123';

/** Creates an account of a role (fresh username each time, so files run in parallel) and signs it in. */
export async function buildUser(
  app: Express,
  opts: { role: Role; countyCode?: string; stationCode?: string; subjectId?: string; displayName?: string },
): Promise<SignedIn> {
  const username = `${opts.role}-${randomBytes(4).toString('hex')}`;
  const password = TEST_PASSWORD;
  await testAuth.createUser({
    username,
    password,
    role: opts.role,
    displayName: opts.displayName ?? `测试${opts.role}`,
    countyCode: opts.countyCode ?? LINZE.county,
    stationCode: opts.stationCode,
    subjectId: opts.subjectId,
  });
  const res = await request(app).post('/api/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    userId: res.body.user.id,
    token: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    auth: { Authorization: `Bearer ${res.body.accessToken}` },
    username,
  };
}

/** A coordinator of a station. */
export const buildCoordinator = (app: Express, stationCode: string = LINZE.shahe) => buildUser(app, { role: 'coordinator', stationCode });

/** A county admin. */
export const buildAdmin = (app: Express, countyCode: string = LINZE.county) => buildUser(app, { role: 'admin', countyCode });
