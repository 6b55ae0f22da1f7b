import ExcelJS from 'exceljs';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { HouseholdModel } from '../../src/households/model.js';
import { NeedModel } from '../../src/needs/model.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
let admin: SignedIn;
let shahe: SignedIn;

beforeAll(async () => {
  await buildStations();
  [admin, shahe] = await Promise.all([buildAdmin(app), buildCoordinator(app, LINZE.shahe)]);
});

const upload = (who: SignedIn, name: string, csv: string) =>
  request(app)
    .post('/api/imports')
    .query({ filename: name })
    .set(who.auth)
    .set('Content-Type', 'application/octet-stream')
    .send(Buffer.from(`\uFEFF${csv}\r\n`, 'utf8'));
const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

const NO_VILLAGE = [
  '户主姓名,联系电话,家庭住址,主要需求,需求描述,紧急程度,是否重点对象',
  '马兰英,13909361301,沙河镇花园村3组12号,助餐/送餐,独居，做饭困难（腿脚不便）。,紧急,是',
  '周福贵,13909361302,沙河镇西关村五组,探访关爱,想有人说说话,非常紧急,否',
  ',(跳过),(空),,,,',
  '钱小梅,13909361303,县城某小区,生活照料,需要打扫卫生,不紧急,否',
].join('\r\n');

describe('import as a coordinator meets it', () => {
  it('without a village column: villages come from the addresses, unplaced rows are named, a blank row is skipped', async () => {
    const job = await upload(shahe, 'no-village.csv', NO_VILLAGE);
    expect(job.status, JSON.stringify(job.body)).toBe(201);
    expect(job.body.missingColumns).toEqual([]);
    const dry = await request(app).post(`/api/imports/${job.body.id}/dry-run`).set(shahe.auth);
    expect(dry.body).toMatchObject({
      totalRows: 3,
      validRows: 2,
      invalidRows: 1,
      skippedRows: 1,
      placedFromAddress: 2,
      unplacedRows: [5],
      villageColumn: false,
    });
    expect(dry.body.problems).toEqual([expect.objectContaining({ row: 5, column: '家庭住址' })]);

    const csv = await request(app).get(`/api/imports/${job.body.id}/problems.csv`).set(shahe.auth).buffer(true).parse(binary);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/u);
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF行号,户主姓名')).toBe(true);
    expect(text).toContain('钱小梅');
    expect(text).toContain('地址中没有找到本站的村(社区)名称');
    expect(text).not.toContain('马兰英');

    const done = await request(app).post(`/api/imports/${job.body.id}/commit`).query({ wait: 'true' }).set(shahe.auth);
    expect(done.body).toMatchObject({ status: 'completed', counts: { valid: 2, invalid: 1, skipped: 1, placedFromAddress: 2 } });
    const ma = await HouseholdModel.findOne({ headName: '马兰英' }).lean();
    // The key-target flag and the village come from the file; the text is kept as written.
    expect(ma).toMatchObject({ communityCode: '620723101209', keyTarget: true, address: '沙河镇花园村3组12号' });
    expect(await HouseholdModel.findOne({ headName: '周福贵' }).lean()).toMatchObject({ communityCode: '620723101206', keyTarget: false });
    const need = await NeedModel.findOne({ householdId: String(ma!._id) }).lean();
    expect(need).toMatchObject({ description: '独居，做饭困难（腿脚不便）。', urgency: 'high' });
    expect(await NeedModel.findOne({ description: '想有人说说话' }).lean()).toMatchObject({ urgency: 'critical' });
  });

  it('an abandoned wrong mapping is not remembered; an exact header still wins', async () => {
    const csv = '户主姓名,联系电话,家庭住址,主要需求,需求描述\r\n白玉兰,13909361310,沙河镇花园村1组,助浴,洗澡不方便';
    const first = await upload(admin, 'wrong.csv', csv);
    // A wrong try: the description column mapped as the name, asked to be remembered, then abandoned.
    const wrong = await request(app)
      .put(`/api/imports/${first.body.id}/mapping`)
      .set(admin.auth)
      .send({ columnMapping: { ...first.body.columnMapping, headName: '需求描述' }, saveToTemplate: true });
    expect(wrong.status).toBe(200);
    expect(wrong.body.saveMappingToTemplate).toBe(true);
    const next = await upload(admin, 'wrong.csv', csv);
    expect(next.body.columnMapping.headName).toBe('户主姓名');
  });

  it('offers the template as XLSX with the expected headers and an example row', async () => {
    const res = await request(app).get('/api/imports/template.xlsx').set(shahe.auth).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('导入模板.xlsx'));
    const book = new ExcelJS.Workbook();
    // exceljs types its argument as a Node Buffer of an older @types/node.
    await book.xlsx.load(Uint8Array.from(res.body as Buffer).buffer);
    const sheet = book.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(
      expect.arrayContaining(['户主姓名', '联系电话', '所在村(社区)', '家庭住址', '主要需求', '紧急程度', '是否重点对象']),
    );
    const example = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(example[headers.indexOf('所在镇')]).toBe('沙河镇');
    expect(example[headers.indexOf('紧急程度')]).toBe('紧急');
    // The example row itself imports cleanly.
    const row = headers.map((_h, i) => String(example[i] ?? '')).join(',');
    const job = await upload(shahe, 'example.csv', `${headers.join(',')}\r\n${row}`);
    const dry = await request(app).post(`/api/imports/${job.body.id}/dry-run`).set(shahe.auth);
    expect(dry.body).toMatchObject({ validRows: 1, invalidRows: 0 });
  });
});
