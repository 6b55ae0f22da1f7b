import fs from 'node:fs';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations, buildUser, type SignedIn } from '../helpers/factories.js';
import { createMonthlyVisitTasks } from '../../src/visits/service.js';
import { buildVolunteer } from '../helpers/supply-factories.js';
import { COMMUNITY, householdBody, needBody, postHousehold, postNeed } from './build.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });

/** Records of 平川镇 that the other actors try to reach. */
const OWN_KEYS = [
  'activity',
  'assignment',
  'case',
  'defaultTemplate',
  'group',
  'household',
  'job',
  'need',
  'need2',
  'referral',
  'response',
  'satisfaction',
  'template',
  'visit',
  'visitRecord',
  'volunteer',
] as const;
/** Filled in by beforeAll; the probes read them when they run. */
const own = Object.fromEntries(OWN_KEYS.map((k) => [k, ''])) as Record<(typeof OWN_KEYS)[number], string>;
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
  const templates = await request(app).get('/api/surveys/templates').set(pingchuan.auth);
  own.defaultTemplate = templates.body.find((t: { key: string }) => t.key === 'default').id;
  const template = await request(app).post('/api/surveys/templates').set(pingchuan.auth).send(stationTemplate);
  own.template = template.body.id;
  const response = await request(app).post('/api/surveys/responses').set(pingchuan.auth).send(surveyBody(own.template));
  own.response = response.body.response.id;
  const job = await request(app)
    .post('/api/imports')
    .query({ filename: 'questionnaire-utf8.csv' })
    .set(pingchuan.auth)
    .set('Content-Type', 'application/octet-stream')
    .send(fs.readFileSync('test/fixtures/questionnaire-utf8.csv'));
  own.job = job.body.id;
  // Matching, assignment and visit records of 平川镇.
  own.need2 = await postNeed(app, pingchuan, { communityCode: COMMUNITY.pingchuan, title: '第二条需求' });
  own.volunteer = (await buildVolunteer(app, { stationCode: LINZE.pingchuan, approver: pingchuan })).id;
  const assigned = await request(app)
    .post('/api/assignments')
    .set(pingchuan.auth)
    .send({ needId: own.need2, candidate: { kind: 'volunteer', id: own.volunteer } });
  own.assignment = assigned.body.id;
  await createMonthlyVisitTasks(new Date());
  const visits = await request(app).get('/api/visits').set(pingchuan.auth);
  own.visit = visits.body.items.find((v: { householdId: string }) => v.householdId === own.household).id;
  // The station's own work (issue 13): a visit record, a case, a group, an activity, a referral, a satisfaction answer.
  const record = await request(app)
    .post('/api/visits/records')
    .set(pingchuan.auth)
    .send({ householdId: own.household, visitedAt: new Date(), mode: 'home', note: '老人精神尚好' });
  own.visitRecord = record.body.id;
  own.case = (await request(app).post('/api/cases').set(pingchuan.auth).send({ householdId: own.household, personName: '史秀英' })).body.id;
  own.group = (
    await request(app)
      .post('/api/groups')
      .set(pingchuan.auth)
      .send({ name: '平川村老年互助小组', plannedSessions: 3, members: [{ name: '史秀英', householdId: own.household }] })
  ).body.id;
  own.activity = (
    await request(app)
      .post('/api/activities')
      .set(pingchuan.auth)
      .send({
        title: '健康义诊',
        date: '2026-10-01',
        kind: '健康义诊',
        participants: 30,
        volunteers: [{ volunteerId: own.volunteer, hours: 2 }],
      })
  ).body.id;
  own.referral = (
    await request(app)
      .post('/api/referrals')
      .set(pingchuan.auth)
      .send({ householdId: own.household, target: { kind: 'health_center' }, request: '慢病随访' })
  ).body.id;
  own.satisfaction = (
    await request(app)
      .post('/api/satisfaction')
      .set(pingchuan.auth)
      .send({ subject: { kind: 'group', id: own.group }, personName: '史秀英', level: 'satisfied' })
  ).body.id;
  for (const key of ['visitRecord', 'case', 'group', 'activity', 'referral', 'satisfaction'] as const)
    if (!own[key]) throw new Error(`setup: no ${key}`);
});

const stationTemplate = {
  name: '平川镇走访表',
  questions: [
    { key: 'name', label: '户主姓名', type: 'text', required: true, role: 'headName' },
    { key: 'tel', label: '电话', type: 'phone', role: 'phone' },
    { key: 'want', label: '需求', type: 'multi', role: 'needs' },
  ],
};
const surveyBody = (templateId: string) => ({
  templateId,
  communityCode: COMMUNITY.pingchuan,
  answers: { name: '史秀英', tel: '13953757958', want: ['学业辅导'] },
});

type Method = 'get' | 'post' | 'patch' | 'delete' | 'put';
const csv = () => fs.readFileSync('test/fixtures/questionnaire-utf8.csv');
type Who = 'shahe' | 'foreignAdmin' | 'charity' | 'organisation';
interface Probe {
  name: string;
  method: Method;
  path: () => string;
  body?: () => object;
  /** A file body (imports). */
  raw?: () => Buffer;
  /** Lists answer 200 but must not contain the record. */
  listOf?: () => string;
  /** Outsiders refused by role (403) rather than by scope. */
  forbidden?: Who[];
}

const supply: Who[] = ['charity', 'organisation'];

/** Every endpoint of households, needs, surveys and imports, aimed at 平川镇's records. */
const probes: Probe[] = [
  {
    name: 'list households',
    method: 'get',
    path: () => `/api/households?stationCode=${LINZE.pingchuan}`,
    listOf: () => own.household,
    forbidden: supply,
  },
  { name: 'read a household', method: 'get', path: () => `/api/households/${own.household}`, forbidden: supply },
  {
    name: 'create a household in its community',
    method: 'post',
    path: () => '/api/households',
    body: () => householdBody({ communityCode: COMMUNITY.pingchuan }),
    forbidden: supply,
  },
  {
    name: 'edit a household',
    method: 'patch',
    path: () => `/api/households/${own.household}`,
    body: () => ({ keyTarget: false }),
    forbidden: supply,
  },
  { name: 'archive a household', method: 'delete', path: () => `/api/households/${own.household}`, forbidden: supply },
  { name: 'list needs', method: 'get', path: () => `/api/needs?stationCode=${LINZE.pingchuan}`, listOf: () => own.need, forbidden: supply },
  { name: 'read a need', method: 'get', path: () => `/api/needs/${own.need}`, forbidden: supply },
  {
    name: 'create a need in its community',
    method: 'post',
    path: () => '/api/needs',
    body: () => needBody({ communityCode: COMMUNITY.pingchuan }),
    forbidden: supply,
  },
  { name: 'edit a need', method: 'patch', path: () => `/api/needs/${own.need}`, body: () => ({ urgency: 'low' }), forbidden: supply },
  {
    name: 'move a need',
    method: 'post',
    path: () => `/api/needs/${own.need}/transitions`,
    body: () => ({ to: 'cancelled' }),
    forbidden: supply,
  },
  { name: 'list survey templates', method: 'get', path: () => '/api/surveys/templates', listOf: () => own.template, forbidden: supply },
  { name: 'read a station survey template', method: 'get', path: () => `/api/surveys/templates/${own.template}`, forbidden: supply },
  {
    name: 'edit a station survey template',
    method: 'patch',
    path: () => `/api/surveys/templates/${own.template}`,
    body: () => ({ name: '改名' }),
    forbidden: supply,
  },
  {
    name: 'save its column mapping',
    method: 'put',
    path: () => `/api/surveys/templates/${own.template}/column-mapping`,
    body: () => ({ columnMapping: { name: '姓名' } }),
    forbidden: supply,
  },
  {
    name: 'record a visit in its community',
    method: 'post',
    path: () => '/api/surveys/responses',
    body: () => surveyBody(own.defaultTemplate!),
    forbidden: supply,
  },
  { name: 'list survey responses', method: 'get', path: () => '/api/surveys/responses', listOf: () => own.response, forbidden: supply },
  { name: 'read a survey response', method: 'get', path: () => `/api/surveys/responses/${own.response}`, forbidden: supply },
  {
    name: 'upload an import into it',
    method: 'post',
    path: () => `/api/imports?filename=q.csv&stationCode=${LINZE.pingchuan}`,
    raw: csv,
    forbidden: supply,
  },
  { name: 'list import jobs', method: 'get', path: () => '/api/imports', listOf: () => own.job, forbidden: supply },
  { name: 'read an import job', method: 'get', path: () => `/api/imports/${own.job}`, forbidden: supply },
  {
    name: 'map its columns',
    method: 'put',
    path: () => `/api/imports/${own.job}/mapping`,
    body: () => ({ columnMapping: { headName: '1、户主姓名' } }),
    forbidden: supply,
  },
  { name: 'dry-run it', method: 'post', path: () => `/api/imports/${own.job}/dry-run`, forbidden: supply },
  { name: 'commit it', method: 'post', path: () => `/api/imports/${own.job}/commit`, forbidden: supply },
  { name: 'rank candidates for a need', method: 'get', path: () => `/api/needs/${own.need}/suggestions`, forbidden: supply },
  {
    name: 'ask why a candidate was not proposed',
    method: 'get',
    path: () => `/api/needs/${own.need}/candidates/volunteer/${own.volunteer}/explanation`,
    forbidden: supply,
  },
  { name: 're-match the station', method: 'post', path: () => `/api/stations/${LINZE.pingchuan}/rematch`, forbidden: supply },
  { name: 'read its matching rules', method: 'get', path: () => `/api/stations/${LINZE.pingchuan}/matching-rules`, forbidden: supply },
  {
    name: 'assign a need',
    method: 'post',
    path: () => '/api/assignments',
    body: () => ({ needId: own.need, candidate: { kind: 'volunteer', id: own.volunteer } }),
    forbidden: supply,
  },
  { name: 'list assignments', method: 'get', path: () => '/api/assignments', listOf: () => own.assignment },
  { name: 'read an assignment', method: 'get', path: () => `/api/assignments/${own.assignment}` },
  {
    name: 'cancel an assignment',
    method: 'post',
    path: () => `/api/assignments/${own.assignment}/cancel`,
    body: () => ({ reason: '越权尝试' }),
    forbidden: supply,
  },
  { name: 'list visit tasks', method: 'get', path: () => '/api/visits', listOf: () => own.visit, forbidden: supply },
  { name: 'complete a visit', method: 'post', path: () => `/api/visits/${own.visit}/complete`, body: () => ({}), forbidden: supply },
  { name: 'assign a visit', method: 'patch', path: () => `/api/visits/${own.visit}`, body: () => ({ assignee: null }), forbidden: supply },
  {
    name: 'list visit records',
    method: 'get',
    path: () => '/api/visits/records',
    listOf: () => own.visitRecord,
    forbidden: supply,
  },
  { name: 'read a visit record', method: 'get', path: () => `/api/visits/records/${own.visitRecord}`, forbidden: supply },
  {
    name: 'record a visit of its household',
    method: 'post',
    path: () => '/api/visits/records',
    body: () => ({ householdId: own.household, visitedAt: new Date(), mode: 'phone' }),
    forbidden: supply,
  },
  {
    name: 'turn a visit finding into a need',
    method: 'post',
    path: () => `/api/visits/records/${own.visitRecord}/follow-ups`,
    body: () => ({ area: 'mood', title: '越权需求' }),
    forbidden: supply,
  },
  { name: 'list cases', method: 'get', path: () => '/api/cases', listOf: () => own.case, forbidden: supply },
  { name: 'read a case', method: 'get', path: () => `/api/cases/${own.case}`, forbidden: supply },
  {
    name: 'open a case for its household',
    method: 'post',
    path: () => '/api/cases',
    body: () => ({ householdId: own.household, personName: '越权' }),
    forbidden: supply,
  },
  ...(
    [
      ['assess a case', 'assessment', { problems: '越权', riskLevel: 'low' }],
      ['plan a case', 'plan', { goals: ['越权'] }],
      ['record a case intervention', 'interventions', { date: '2026-11-01', method: '电话', content: '越权', minutes: 10 }],
      ['review a case', 'review', { goals: [] }],
      ['close a case', 'close', { reason: '其他', outcome: '越权' }],
      ['reopen a case', 'reopen', {}],
    ] as const
  ).map(([name, action, body]) => ({
    name,
    method: 'post' as const,
    path: () => `/api/cases/${own.case}/${action}`,
    body: () => body,
    forbidden: supply,
  })),
  { name: 'list groups', method: 'get', path: () => '/api/groups', listOf: () => own.group, forbidden: supply },
  { name: 'read a group', method: 'get', path: () => `/api/groups/${own.group}`, forbidden: supply },
  {
    name: 'create a group in its station',
    method: 'post',
    path: () => '/api/groups',
    body: () => ({ stationCode: LINZE.pingchuan, name: '越权小组', plannedSessions: 1 }),
    forbidden: supply,
  },
  {
    name: 'record a group session',
    method: 'post',
    path: () => `/api/groups/${own.group}/sessions`,
    body: () => ({ date: '2026-11-01', content: '越权', attendance: [] }),
    forbidden: supply,
  },
  {
    name: 'close a group',
    method: 'post',
    path: () => `/api/groups/${own.group}/close`,
    body: () => ({ evaluation: '越权' }),
    forbidden: supply,
  },
  {
    name: 'list activities',
    method: 'get',
    path: () => '/api/activities',
    listOf: () => own.activity,
    forbidden: supply,
  },
  { name: 'read an activity', method: 'get', path: () => `/api/activities/${own.activity}`, forbidden: supply },
  {
    name: 'record an activity in its station',
    method: 'post',
    path: () => '/api/activities',
    body: () => ({ stationCode: LINZE.pingchuan, title: '越权活动', date: '2026-11-01', kind: '其他' }),
    forbidden: supply,
  },
  {
    name: 'move an activity',
    method: 'post',
    path: () => `/api/activities/${own.activity}/transitions`,
    body: () => ({ to: 'cancelled' }),
    forbidden: supply,
  },
  {
    name: "confirm an activity volunteer's hours",
    method: 'post',
    path: () => `/api/activities/${own.activity}/volunteers/${own.volunteer}/confirm`,
    forbidden: supply,
  },
  {
    name: 'list referrals',
    method: 'get',
    path: () => '/api/referrals',
    listOf: () => own.referral,
    forbidden: supply,
  },
  { name: 'read a referral', method: 'get', path: () => `/api/referrals/${own.referral}`, forbidden: supply },
  {
    name: 'refer its household',
    method: 'post',
    path: () => '/api/referrals',
    body: () => ({ householdId: own.household, target: { kind: 'justice' }, request: '越权' }),
    forbidden: supply,
  },
  {
    name: 'answer a referral',
    method: 'post',
    path: () => `/api/referrals/${own.referral}/answer`,
    body: () => ({ to: 'refused', answer: '越权' }),
    forbidden: supply,
  },
  {
    name: 'list satisfaction answers',
    method: 'get',
    path: () => '/api/satisfaction',
    listOf: () => own.satisfaction,
    forbidden: supply,
  },
  {
    name: 'record satisfaction with its group',
    method: 'post',
    path: () => '/api/satisfaction',
    body: () => ({ subject: { kind: 'group', id: own.group }, personName: '越权', level: 'dissatisfied' }),
    forbidden: supply,
  },
  { name: 'read its statistics', method: 'get', path: () => `/api/stats/stations?stationCode=${LINZE.pingchuan}`, forbidden: supply },
  {
    name: 'open the station',
    method: 'post',
    path: () => `/api/stations/${LINZE.pingchuan}/open`,
    forbidden: ['shahe', ...supply],
  },
];

const outsiders: Who[] = ['shahe', 'foreignAdmin', 'charity', 'organisation'];

function expectation(p: Probe, who: Who): 'forbidden' | 'hidden' {
  if (p.forbidden?.includes(who)) return 'forbidden';
  return 'hidden';
}

describe('station and county isolation', () => {
  const cases = probes.flatMap((p) => outsiders.map((who) => ({ ...p, who, outcome: expectation(p, who) })));
  it.each(cases)('$who: $name of 平川镇 → $outcome', async (probe) => {
    let req = request(app)[probe.method](probe.path()).set(actors[probe.who]!.auth);
    if (probe.body) req = req.send(probe.body());
    if (probe.raw) req = req.set('Content-Type', 'application/octet-stream').send(probe.raw());
    const res = await req;
    if (probe.outcome === 'forbidden') expect(res.status).toBe(403);
    else if (probe.listOf) {
      // A list narrowed to a station outside the scope answers 404 (narrowScope), or lists none of its records.
      expect([200, 404]).toContain(res.status);
      const items: Array<{ id: string }> = res.status === 404 ? [] : Array.isArray(res.body) ? res.body : res.body.items;
      expect(items.map((i) => i.id)).not.toContain(probe.listOf());
    } else expect(res.status, JSON.stringify(res.body)).toBe(404);
  });

  it("the owner still sees its records unchanged after every outsider's attempt", async () => {
    const h = await request(app).get(`/api/households/${own.household}`).set(actors.pingchuan!.auth);
    const n = await request(app).get(`/api/needs/${own.need}`).set(actors.pingchuan!.auth);
    expect(h.status).toBe(200);
    expect(h.body.keyTarget).toBe(true);
    expect(n.body).toMatchObject({ status: 'open', urgency: 'high' });
    const a = await request(app).get(`/api/assignments/${own.assignment}`).set(actors.pingchuan!.auth);
    expect(a.body.status).toBe('pending');
    const j = await request(app).get(`/api/imports/${own.job}`).set(actors.pingchuan!.auth);
    expect(j.body).toMatchObject({ status: 'uploaded', stationCode: LINZE.pingchuan });
    const c = await request(app).get(`/api/cases/${own.case}`).set(actors.pingchuan!.auth);
    expect(c.body).toMatchObject({ status: 'intake', interventions: [] });
    const g = await request(app).get(`/api/groups/${own.group}`).set(actors.pingchuan!.auth);
    expect(g.body).toMatchObject({ status: 'planned', sessionCount: 0 });
    const act = await request(app).get(`/api/activities/${own.activity}`).set(actors.pingchuan!.auth);
    expect(act.body).toMatchObject({ status: 'held', volunteers: [expect.objectContaining({ confirmed: false })] });
    const r = await request(app).get(`/api/referrals/${own.referral}`).set(actors.pingchuan!.auth);
    expect(r.body.status).toBe('sent');
    const v = await request(app).get(`/api/visits/records/${own.visitRecord}`).set(actors.pingchuan!.auth);
    expect(v.body).toMatchObject({ followUps: [], note: '老人精神尚好' });
  });
});
