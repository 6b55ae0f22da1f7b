import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations, buildUser, type SignedIn } from '../helpers/factories.js';
import { COMMUNITY, householdBody, needBody, postHousehold, postNeed } from './build.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });

/** Records of 平川镇 that the other actors try to reach. */
const own: Record<string, string> = {};
const actors: Record<string, SignedIn> = {};

beforeAll(async () => {
  await buildStations();
  const [pingchuan, shahe, foreignAdmin, charity, organisation] = await Promise.all([
    buildCoordinator(app, LINZE.pingchuan),
    buildCoordinator(app, LINZE.shahe),
    buildAdmin(app, '330327'), // 苍南县: another county
    buildUser(app, { role: 'charity' }),
    buildUser(app, { role: 'organisation' }),
  ]);
  Object.assign(actors, { pingchuan, shahe, foreignAdmin, charity, organisation });
  own.household = await postHousehold(app, pingchuan, { communityCode: COMMUNITY.pingchuan, address: '平川镇平川村7社56号' });
  own.need = await postNeed(app, pingchuan, { communityCode: COMMUNITY.pingchuan, householdId: own.household });
});

type Method = 'get' | 'post' | 'patch' | 'delete' | 'put';
type Who = 'shahe' | 'foreignAdmin' | 'charity' | 'organisation';
interface Probe {
  name: string;
  method: Method;
  path: () => string;
  body?: () => object;
  /** Lists answer 200 but must not contain the record. */
  listOf?: () => string;
  /** Outsiders refused by role (403) rather than by scope. */
  forbidden?: Who[];
  /** Outsiders that legitimately see the record: county-wide supply accounts reading needs of their own county. */
  visible?: Who[];
}

const supply: Who[] = ['charity', 'organisation'];

/** Every endpoint of households, needs, surveys and imports, aimed at 平川镇's records. */
const probes: Probe[] = [
  { name: 'list households', method: 'get', path: () => `/api/households?stationCode=${LINZE.pingchuan}`, listOf: () => own.household, forbidden: supply },
  { name: 'read a household', method: 'get', path: () => `/api/households/${own.household}`, forbidden: supply },
  { name: 'create a household in its community', method: 'post', path: () => '/api/households', body: () => householdBody({ communityCode: COMMUNITY.pingchuan }), forbidden: supply },
  { name: 'edit a household', method: 'patch', path: () => `/api/households/${own.household}`, body: () => ({ keyTarget: false }), forbidden: supply },
  { name: 'archive a household', method: 'delete', path: () => `/api/households/${own.household}`, forbidden: supply },
  { name: 'list needs', method: 'get', path: () => `/api/needs?stationCode=${LINZE.pingchuan}`, listOf: () => own.need, visible: supply },
  { name: 'read a need', method: 'get', path: () => `/api/needs/${own.need}`, visible: supply },
  { name: 'create a need in its community', method: 'post', path: () => '/api/needs', body: () => needBody({ communityCode: COMMUNITY.pingchuan }), forbidden: supply },
  { name: 'edit a need', method: 'patch', path: () => `/api/needs/${own.need}`, body: () => ({ urgency: 'low' }), forbidden: supply },
  { name: 'move a need', method: 'post', path: () => `/api/needs/${own.need}/transitions`, body: () => ({ to: 'cancelled' }), forbidden: supply },
];

const outsiders: Who[] = ['shahe', 'foreignAdmin', 'charity', 'organisation'];

function expectation(p: Probe, who: Who): 'forbidden' | 'visible' | 'hidden' {
  if (p.forbidden?.includes(who)) return 'forbidden';
  if (p.visible?.includes(who)) return 'visible';
  return 'hidden';
}

describe('station and county isolation', () => {
  const cases = probes.flatMap((p) => outsiders.map((who) => ({ ...p, who, outcome: expectation(p, who) })));
  it.each(cases)('$who: $name of 平川镇 → $outcome', async (probe) => {
    let req = request(app)[probe.method](probe.path()).set(actors[probe.who]!.auth);
    if (probe.body) req = req.send(probe.body());
    const res = await req;
    if (probe.outcome === 'forbidden') expect(res.status).toBe(403);
    else if (probe.outcome === 'visible') expect(res.status).toBe(200);
    else if (probe.listOf) {
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { id: string }) => i.id)).not.toContain(probe.listOf());
    } else expect(res.status, JSON.stringify(res.body)).toBe(404);
  });

  it("the owner still sees its records unchanged after every outsider's attempt", async () => {
    const h = await request(app).get(`/api/households/${own.household}`).set(actors.pingchuan!.auth);
    const n = await request(app).get(`/api/needs/${own.need}`).set(actors.pingchuan!.auth);
    expect(h.status).toBe(200);
    expect(h.body.keyTarget).toBe(true);
    expect(n.body).toMatchObject({ status: 'open', urgency: 'high' });
  });
});
