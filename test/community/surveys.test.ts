import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { AuditModel } from '../../src/audit/model.js';
import { HouseholdModel } from '../../src/households/model.js';
import { NeedModel } from '../../src/needs/model.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
import { ColumnMappingBodySchema, ResponseCreateSchema, TemplateCreateSchema } from '../../src/surveys/schema.js';
import { COMMUNITY } from './build.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
let shahe: SignedIn;
let admin: SignedIn;
let templateId: string;

beforeAll(async () => {
  await buildStations();
  [shahe, admin] = await Promise.all([buildCoordinator(app, LINZE.shahe), buildAdmin(app)]);
  const list = await request(app).get('/api/surveys/templates').set(shahe.auth);
  templateId = list.body.find((t: { key: string }) => t.key === 'default').id;
});

const visit = (answers: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  templateId,
  communityCode: COMMUNITY.shaheVillage,
  answers: {
    headName: '熊玉花',
    phone: '139 1271 1363',
    community: '花园村',
    address: '沙河镇花园村5社22号',
    householdSize: 1,
    groups: ['空巢老人', '重病患者'],
    needs: ['助医/陪诊', '出行协助', '其他〖需要理发〗'],
    description: '老伴去世，子女在外打工，下个月需要陪同去县医院复查，自己不会挂号。',
    urgency: '紧急',
    availability: ['周末上午', '晚上'],
    consent: '是',
    ...answers,
  },
  ...extra,
});

describe('survey templates', () => {
  it('every county starts with the default 入户需求调查 template from seeds, installed once', async () => {
    const [a, b] = await Promise.all([
      request(app).get('/api/surveys/templates').set(shahe.auth),
      request(app).get('/api/surveys/templates').set(admin.auth),
    ]);
    const defaults = [...a.body, ...b.body].filter((t: { key: string }) => t.key === 'default');
    expect(new Set(defaults.map((t: { id: string }) => t.id)).size).toBe(1);
    const keys = defaults[0].questions.map((q: { key: string }) => q.key);
    expect(keys).toEqual(expect.arrayContaining(['headName', 'phone', 'community', 'needs', 'urgency', 'availability']));
  });

  it('a coordinator creates a station template and saves its column mapping; the county template is the admin’s to change', async () => {
    const created = await request(app)
      .post('/api/surveys/templates')
      .set(shahe.auth)
      .send({
        name: '沙河镇高龄老人走访表',
        questions: [
          { key: 'name', label: '老人姓名', type: 'text', required: true, role: 'headName' },
          { key: 'tel', label: '电话', type: 'phone', role: 'phone' },
          {
            key: 'want',
            label: '需要什么帮助',
            type: 'multi',
            role: 'needs',
            options: ['送饭', '打扫'],
            mapping: { 送饭: { category: 'meal' }, 打扫: { category: 'daily_care' } },
          },
        ],
      });
    expect(created.status).toBe(201);
    expect(created.body.stationCode).toBe(LINZE.shahe);
    const saved = await request(app)
      .put(`/api/surveys/templates/${created.body.id}/column-mapping`)
      .set(shahe.auth)
      .send({ columnMapping: { name: '1、老人姓名', tel: '2、电话' } });
    expect(saved.status).toBe(200);
    expect(saved.body.columnMapping).toEqual({ name: '1、老人姓名', tel: '2、电话' });
    const wrongKey = await request(app)
      .put(`/api/surveys/templates/${created.body.id}/column-mapping`)
      .set(shahe.auth)
      .send({ columnMapping: { nope: 'x' } });
    expect(wrongKey.status).toBe(400);
    expect(wrongKey.body.error.issues[0].path).toEqual(['columnMapping', 'nope']);
    expect((await request(app).patch(`/api/surveys/templates/${templateId}`).set(shahe.auth).send({ name: '改名' })).status).toBe(403);
  });

  it('rejects a template without a head-of-household question, or with duplicate keys, naming the problem', async () => {
    const res = await request(app)
      .post('/api/surveys/templates')
      .set(shahe.auth)
      .send({
        name: '坏模板',
        questions: [
          { key: 'a', label: 'A', type: 'text' },
          { key: 'a', label: 'B', type: 'sleep' },
        ],
      });
    expect(res.status).toBe(400);
    const paths = res.body.error.issues.map((i: { path: unknown[] }) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['questions.1.type']));
  });
});

describe('survey responses', () => {
  it('a visit creates the household and one need per chosen need, with groups, urgency and visiting windows', async () => {
    const res = await request(app).post('/api/surveys/responses').set(shahe.auth).send(visit({}));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ created: true, householdCreated: true, needsCreated: 3 });
    const household = await HouseholdModel.findById(res.body.response.householdId).lean();
    expect(household).toMatchObject({
      headName: '熊玉花',
      phone: '13912711363',
      stationCode: LINZE.shahe,
      groups: ['空巢老人', '重病患者'],
    });
    expect(household!.consent?.given).toBe(true);
    const needs = await NeedModel.find({ householdId: res.body.response.householdId }).lean();
    expect(needs.map((n) => n.category)).toHaveLength(3);
    expect(needs.map((n) => n.category ?? null)).toEqual(expect.arrayContaining([null, 'medical_escort', 'transport']));
    const escort = needs.find((n) => n.category === 'medical_escort')!;
    // Titles tell six rows of one category apart: the category plus the household, its name masked.
    expect(escort).toMatchObject({ urgency: 'high', source: 'survey', status: 'open', title: '助医/陪诊 · 熊*花家' });
    expect(escort.schedule.windows).toEqual(
      expect.arrayContaining([
        { day: 0, start: '08:30', end: '12:00' },
        { day: 6, start: '08:30', end: '12:00' },
        { day: 3, start: '19:00', end: '21:00' },
      ]),
    );
    expect(needs.find((n) => !n.category)!.title).toBe('其他：需要理发 · 熊*花家');
    expect(escort.location.lat).toBeGreaterThan(39);
  });

  it('submitting the same answers again creates nothing and returns the first record', async () => {
    const body = visit({ headName: '金俊杰', phone: '13960607090', address: '沙河镇沙河村9社25号' });
    const first = await request(app).post('/api/surveys/responses').set(shahe.auth).send(body);
    const households = await HouseholdModel.countDocuments();
    const needs = await NeedModel.countDocuments();
    const again = await request(app).post('/api/surveys/responses').set(shahe.auth).send(body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, needsCreated: 0 });
    expect(again.body.response.id).toBe(first.body.response.id);
    expect(await HouseholdModel.countDocuments()).toBe(households);
    expect(await NeedModel.countDocuments()).toBe(needs);
  });

  it('a later visit to the same household (same name and phone) updates it instead of creating another', async () => {
    const first = await request(app)
      .post('/api/surveys/responses')
      .set(shahe.auth)
      .send(visit({ headName: '林春梅', phone: '13901520425', needs: ['物资援助'] }));
    const second = await request(app)
      .post('/api/surveys/responses')
      .set(shahe.auth)
      .send(visit({ headName: '林 春梅', phone: '+86 139-0152-0425', needs: ['康复训练'], groups: ['残疾人'] }));
    expect(second.status).toBe(201);
    expect(second.body.householdCreated).toBe(false);
    expect(second.body.response.householdId).toBe(first.body.response.householdId);
    const household = await HouseholdModel.findById(first.body.response.householdId).lean();
    expect(household!.groups).toEqual(expect.arrayContaining(['空巢老人', '残疾人']));
    expect(await NeedModel.countDocuments({ householdId: first.body.response.householdId })).toBe(2);
  });

  it('rejects bad answers with 400 naming each answer, and writes nothing', async () => {
    const households = await HouseholdModel.countDocuments();
    const needs = await NeedModel.countDocuments();
    const res = await request(app)
      .post('/api/surveys/responses')
      .set(shahe.auth)
      .send(visit({ headName: '(跳过)', phone: '1.39123E+10', urgency: '看情况吧', householdSize: 'abc' }));
    expect(res.status).toBe(400);
    const paths = res.body.error.issues.map((i: { path: unknown[] }) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['answers.headName', 'answers.phone', 'answers.urgency', 'answers.householdSize']));
    expect(res.body.error.issues.find((i: { path: string[] }) => i.path[1] === 'phone').message).toContain('科学计数法');
    expect(await HouseholdModel.countDocuments()).toBe(households);
    expect(await NeedModel.countDocuments()).toBe(needs);
  });

  it('answers are shown (and audited) to the station’s coordinator only', async () => {
    const created = await request(app)
      .post('/api/surveys/responses')
      .set(shahe.auth)
      .send(visit({ headName: '周永红', phone: '13988743923' }));
    const id = created.body.response.id;
    const own = await request(app).get(`/api/surveys/responses/${id}`).set(shahe.auth);
    expect(own.body.answers.phone).toBe('13988743923');
    const other = await buildCoordinator(app, LINZE.pingchuan);
    expect((await request(app).get(`/api/surveys/responses/${id}`).set(other.auth)).status).toBe(404);
    expect(await AuditModel.countDocuments({ entity: 'survey_response', entityId: id, actorId: shahe.userId })).toBeGreaterThanOrEqual(2);
  });

  it('the same response sent 5 times at once creates one household and one set of needs, and every answer is the first record', async () => {
    const body = visit({ headName: '韩桂芳', phone: '13911112222', address: '沙河镇花园村2社8号' });
    const before = { households: await HouseholdModel.countDocuments(), needs: await NeedModel.countDocuments() };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => request(app).post('/api/surveys/responses').set(shahe.auth).send(body)),
    );
    for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBeLessThan(300);
    expect(answers.filter((a) => a.body.created)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.response.id)).size).toBe(1);
    expect(await HouseholdModel.countDocuments()).toBe(before.households + 1);
    expect(await NeedModel.countDocuments()).toBe(before.needs + 3);
    const again = await request(app).post('/api/surveys/responses').set(shahe.auth).send(body);
    expect(again.body).toMatchObject({ created: false, response: { id: answers[0]!.body.response.id } });
  });

  it('a NUL byte in an answer key, a template option mapping key or a column mapping is a 400, not a 500; the schemas refuse it themselves', async () => {
    const badVisit = visit({ 'head\u0000Name': 'x' });
    const badTemplate = {
      name: '含空字符的模板',
      questions: [
        { key: 'name', label: '姓名', type: 'text', role: 'headName' },
        { key: 'want', label: '需求', type: 'multi', role: 'needs', options: ['送饭'], mapping: { '送\u0000饭': { category: 'meal' } } },
      ],
    };
    const badMapping = { columnMapping: { headName: '姓\u0000名' } };
    const answers = [
      await request(app).post('/api/surveys/responses').set(shahe.auth).send(badVisit),
      await request(app).post('/api/surveys/templates').set(shahe.auth).send(badTemplate),
      await request(app).put(`/api/surveys/templates/${templateId}/column-mapping`).set(admin.auth).send(badMapping),
    ];
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(['validation_failed', 'invalid_characters']).toContain(res.body.error.code);
    }
    // Behind the HTTP layer's guard, each schema refuses the NUL byte and names where it is.
    const paths = [
      ResponseCreateSchema.safeParse(badVisit),
      TemplateCreateSchema.safeParse(badTemplate),
      ColumnMappingBodySchema.safeParse(badMapping),
    ].map((r) => (r.success ? null : r.error.issues[0]?.path));
    expect(paths).toEqual([
      ['answers', 'head\u0000Name'],
      ['questions', 1, 'mapping', '送\u0000饭'],
      ['columnMapping', 'headName'],
    ]);
  });
});
