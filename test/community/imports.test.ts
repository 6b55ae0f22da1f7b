import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { followUpsSettled, subscribe } from '../../src/events/bus.js';
import type { DomainEvent } from '../../src/events/types.js';
import { HouseholdModel } from '../../src/households/model.js';
import { NeedModel } from '../../src/needs/model.js';
import os from 'node:os';
import { BATCH_ROWS } from '../../src/imports/run.js';
import { XLSX_LIMITS } from '../../src/imports/xlsx-limits.js';
import { noisyText, writeXlsx } from '../imports/big-xlsx.js';
import { BROKEN_EXPECTED, makeBrokenRows, writeLargeQuestionnaireCsv } from '../fixtures/generate.js';
import { eventually, testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
const fixture = (name: string) => fs.readFileSync(path.resolve('test/fixtures', name));
let admin: SignedIn;
let shahe: SignedIn;
const events: DomainEvent[] = [];

beforeAll(async () => {
  await buildStations();
  [admin, shahe] = await Promise.all([buildAdmin(app), buildCoordinator(app, LINZE.shahe)]);
  subscribe((e) => void events.push(e));
});

const upload = (who: SignedIn, name: string, body: Buffer = fixture(name), query: Record<string, string> = {}) =>
  request(app)
    .post('/api/imports')
    .query({ filename: name, ...query })
    .set(who.auth)
    .set('Content-Type', 'application/octet-stream')
    .send(body);
const dryRun = (who: SignedIn, id: string) => request(app).post(`/api/imports/${id}/dry-run`).set(who.auth);
const commit = (who: SignedIn, id: string) => request(app).post(`/api/imports/${id}/commit`).query({ wait: 'true' }).set(who.auth);
const counts = async () => ({ households: await HouseholdModel.countDocuments(), needs: await NeedModel.countDocuments() });

describe('questionnaire import: dry run and commit', () => {
  it('an uploaded 问卷星 export gets its columns mapped to the default template', async () => {
    const res = await upload(admin, 'questionnaire-utf8.csv');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ status: 'uploaded', format: 'csv', missingColumns: [] });
    expect(res.body.columnMapping).toMatchObject({
      headName: '1、户主姓名',
      phone: '2、联系电话',
      township: '3、所在镇',
      community: '4、所在村(社区)',
      needs: '8、主要需求(多选)',
      urgency: '10、紧急程度',
      submittedAt: '提交答卷时间',
    });
  });

  it('a dry run checks every row and writes nothing', async () => {
    const before = await counts();
    const job = await upload(admin, 'questionnaire-utf8.csv');
    const res = await dryRun(admin, job.body.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalRows: 30, validRows: 30, invalidRows: 0, problems: [] });
    expect(Object.keys(res.body.byStation).sort()).toEqual([LINZE.shahe, LINZE.pingchuan, LINZE.yanuan]);
    expect(await counts()).toEqual(before);
    expect((await request(app).get(`/api/imports/${job.body.id}`).set(admin.auth)).body.status).toBe('uploaded');
  });

  it('a commit writes households and their needs, records progress and announces import.progress; re-importing the same answers (CSV, GBK or XLSX) creates nothing', async () => {
    const job = await upload(admin, 'questionnaire-utf8.csv');
    const done = await commit(admin, job.body.id);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', rowsDone: 30, totalRows: 30, problemCount: 0 });
    expect(done.body.counts.valid).toBe(30);
    expect(done.body.counts.needsCreated).toBeGreaterThanOrEqual(30);
    const written = await counts();
    expect(written.households).toBe(done.body.counts.householdsCreated);
    await followUpsSettled();
    const last = events.filter((e) => e.type === 'import.progress' && e.payload.jobId === job.body.id).at(-1);
    expect(last?.payload).toMatchObject({ status: 'completed', rowsDone: 30 });

    for (const name of ['questionnaire-utf8.csv', 'questionnaire-gbk.csv', 'questionnaire.xlsx']) {
      const again = await upload(admin, name);
      expect(again.status, name).toBe(201);
      const second = await commit(admin, again.body.id);
      expect(second.body.counts, name).toMatchObject({ valid: 30, needsCreated: 0, householdsCreated: 0, unchanged: 30 });
    }
    expect(await counts()).toEqual(written);
  });

  it('a job is committed once; a second commit answers 409', async () => {
    const job = await upload(admin, 'questionnaire-utf8.csv');
    await commit(admin, job.body.id);
    const again = await request(app).post(`/api/imports/${job.body.id}/commit`).set(admin.auth);
    expect(again.status).toBe(409);
  });

  it('a coordinator imports only rows of its own station; the others are reported by row', async () => {
    const job = await upload(shahe, 'questionnaire-utf8.csv');
    const res = await dryRun(shahe, job.body.id);
    expect(Object.keys(res.body.byStation)).toEqual([LINZE.shahe]);
    expect(res.body.invalidRows).toBeGreaterThan(0);
    expect(res.body.problems[0]).toMatchObject({ column: '3、所在镇' });
    expect(res.body.problems[0].reason).toMatch(/不是本社工站/);
  });
});

describe('questionnaire import: larger files', () => {
  it('a commit runs in the background and reports progress until done', { timeout: 90_000 }, async () => {
    const file = path.join(os.tmpdir(), `q-${process.pid}-600.csv`);
    await writeLargeQuestionnaireCsv(file, 600, 99);
    const job = await upload(admin, 'q-600.csv', fs.readFileSync(file));
    fs.rmSync(file);
    const started = await request(app).post(`/api/imports/${job.body.id}/commit`).set(admin.auth);
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('running');
    const done = await eventually(async () => {
      const res = await request(app).get(`/api/imports/${job.body.id}`).set(admin.auth);
      expect(res.body.status).toBe('completed');
      // The job is saved before its last progress event is published: wait for that event too.
      expect(events.some((e) => e.type === 'import.progress' && e.payload.jobId === job.body.id && e.payload.status === 'completed')).toBe(
        true,
      );
      return res.body;
    }, 60_000);
    expect(done).toMatchObject({ rowsDone: 600, totalRows: 600 });
    expect(done.counts.valid).toBe(600);
    // The job's status is written before its last progress event is published: wait for that event, not for time.
    const progressOf = () =>
      events.filter((e) => e.type === 'import.progress' && e.payload.jobId === job.body.id).map((e) => e.payload.rowsDone);
    // One progress event per batch of BATCH_ROWS (batch by batch: import-bulk-commit.test.ts), then the completion.
    const expected = [...Array.from({ length: Math.ceil(600 / BATCH_ROWS) - 1 }, (_, k) => (k + 1) * BATCH_ROWS), 600, 600];
    await eventually(async () => expect(progressOf()).toHaveLength(expected.length), 10_000);
    expect(progressOf()).toEqual(expected);
  });
});

describe('questionnaire import: bad files', () => {
  it('garbage cells are reported row by row with Chinese reasons, and only the good rows are written, whole', async () => {
    const job = await upload(admin, 'questionnaire-broken.csv');
    const check = await dryRun(admin, job.body.id);
    expect(check.body).toMatchObject({ totalRows: 12, validRows: 6, invalidRows: 6 });
    const found = check.body.problems.map((p: { row: number; column: string }) => ({ row: p.row, column: p.column }));
    expect(found).toEqual(expect.arrayContaining([...BROKEN_EXPECTED]));
    expect(check.body.problems.every((p: { reason: string }) => /[\u4e00-\u9fff]/u.test(p.reason))).toBe(true);

    const done = await commit(admin, job.body.id);
    expect(done.body.counts).toMatchObject({ valid: 6, invalid: 6 });
    expect(done.body.problemCount).toBe(check.body.problemCount);
    const bad = makeBrokenRows().filter((_r, i) => i % 2 === 1);
    for (const row of bad) {
      const phone = row['2、联系电话'].replace(/\D/gu, '');
      const household = await HouseholdModel.findOne({ phone }).lean();
      expect(household, row['1、户主姓名']).toBeNull();
    }
    const needsOfJob = await NeedModel.find({ importJobId: job.body.id }).lean();
    const householdIds = new Set(needsOfJob.map((n) => n.householdId));
    expect(householdIds.size).toBe(6);
    for (const id of householdIds) expect(await HouseholdModel.exists({ _id: id })).toBeTruthy();
  });

  it('a file in the wrong encoding (乱码 headers) is refused as a whole: missing columns, nothing written', async () => {
    const before = await counts();
    const job = await upload(admin, 'questionnaire-mojibake.csv');
    expect(job.status).toBe(201);
    expect(job.body.missingColumns.map((p: { column: string }) => p.column)).toEqual(expect.arrayContaining(['户主姓名', '联系电话']));
    const check = await dryRun(admin, job.body.id);
    expect(check.body.validRows).toBe(0);
    expect(check.body.problems[0]).toMatchObject({ row: 1, column: '户主姓名' });
    const res = await commit(admin, job.body.id);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('missing_columns');
    expect(await counts()).toEqual(before);
  });

  it('a file that is not a questionnaire export (binary, old .xls, empty) is rejected on upload with a Chinese reason', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, ...Array(200).fill(0)]);
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...Array(100).fill(0)]);
    for (const [name, body] of [
      ['photo.png', png],
      ['old.xls', xls],
      ['empty.csv', Buffer.alloc(0)],
    ] as const) {
      const res = await upload(admin, name, body);
      expect(res.status, name).toBe(400);
      expect(res.body.error.message, name).toMatch(/[\u4e00-\u9fff]/u);
    }
  });

  it('a file with other headers imports once its columns are mapped; the template remembers the mapping only when the import is committed', async () => {
    const csv =
      '\uFEFF姓名,手机,镇,村,住址,需要的服务,情况\r\n马占山,13909361234,鸭暖镇,白寨村,鸭暖镇白寨村3社8号,助浴┋物资援助,冬天洗澡不方便\r\n';
    const job = await upload(admin, 'other.csv', Buffer.from(csv, 'utf8'));
    const mapping = {
      headName: '姓名',
      phone: '手机',
      township: '镇',
      community: '村',
      address: '住址',
      needs: '需要的服务',
      description: '情况',
    };
    const set = await request(app)
      .put(`/api/imports/${job.body.id}/mapping`)
      .set(admin.auth)
      .send({ columnMapping: mapping, saveToTemplate: true });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.missingColumns).toEqual([]);
    expect((await dryRun(admin, job.body.id)).body).toMatchObject({ validRows: 1, invalidRows: 0 });
    // Tried, not committed: nothing is remembered (an abandoned wrong mapping must not come back).
    const tried = await request(app).get(`/api/surveys/templates/${job.body.templateId}`).set(admin.auth);
    expect(tried.body.columnMapping).not.toMatchObject(mapping);
    expect((await commit(admin, job.body.id)).status).toBe(200);
    const template = await request(app).get(`/api/surveys/templates/${job.body.templateId}`).set(admin.auth);
    expect(template.body.columnMapping).toMatchObject(mapping);
    const next = await upload(admin, 'other.csv', Buffer.from(csv, 'utf8'));
    expect(next.body.columnMapping).toMatchObject(mapping);
  });

  it('rejects an upload without a filename with 400 naming the query field', async () => {
    const res = await request(app).post('/api/imports').set(admin.auth).set('Content-Type', 'text/csv').send('a,b\n1,2\n');
    expect(res.status).toBe(400);
    expect(res.body.error.location).toBe('query');
    expect(res.body.error.issues[0].path).toEqual(['filename']);
  });

  it('a ~5 MB XLSX over the limits is refused with 422 and a Chinese reason, in bounded time, and the service keeps serving', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'big-xlsx-')), 'big.xlsx');
    // Long, poorly compressible answers in more rows than any questionnaire export has: about 5 MB.
    await writeXlsx(file, XLSX_LIMITS.rows + 20_000, 1, (r) => noisyText(r + 7, 45));
    const body = fs.readFileSync(file);
    expect(body.length).toBeGreaterThan(4 * 1024 * 1024);
    const before = await counts();
    const started = Date.now();
    const res = await upload(shahe, 'big.xlsx', body);
    const elapsed = Date.now() - started;
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error.code).toBe('file_too_large');
    expect(res.body.error.message).toMatch(/超过 50000 行/u);
    expect(elapsed).toBeLessThan(20_000);
    const next = await upload(shahe, 'questionnaire-utf8.csv');
    expect(next.status).toBe(201);
    expect(await counts()).toEqual(before);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
