import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentKey } from '../../src/imports/cells.js';
import { openRows } from '../../src/imports/parse.js';
import { importProblemSchema, type ImportProblem } from '../../src/imports/problem.js';
import { checkQuestionnaireRow, mapColumns, stripQuestionNumber } from '../../src/imports/questionnaire.js';
import { BROKEN_EXPECTED, HEADERS, writeLargeQuestionnaireCsv } from '../fixtures/generate.js';

const FIX = path.resolve(import.meta.dirname, '..', 'fixtures');
const tmp = mkdtempSync(path.join(tmpdir(), 'imports-q-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('column recognition', () => {
  it('strips question numbers and (多选)', () => {
    expect(stripQuestionNumber('7、服务对象类别(多选)')).toBe('服务对象类别');
    expect(stripQuestionNumber('Q3. 所在村（社区）')).toBe('所在村(社区)');
    expect(stripQuestionNumber('第2题 联系电话(必填)')).toBe('联系电话');
  });

  it('maps the 问卷星 export headers', () => {
    expect(mapColumns([...HEADERS])).toEqual({
      submittedAt: '提交答卷时间',
      name: '1、户主姓名',
      phone: '2、联系电话',
      township: '3、所在镇',
      community: '4、所在村(社区)',
      address: '5、家庭住址',
      groups: '7、服务对象类别(多选)',
      needs: '8、主要需求(多选)',
      description: '9、需求描述',
      urgency: '10、紧急程度',
    });
  });
});

describe.each(['questionnaire-utf8.csv', 'questionnaire-gbk.csv', 'questionnaire.xlsx'])('%s', (file) => {
  it('has 30 clean rows', async () => {
    const o = await openRows({ filename: file, path: path.join(FIX, file) });
    const cols = mapColumns(o.headers);
    const problems: ImportProblem[] = [];
    const keys = new Set<string>();
    let n = 0;
    for await (const r of o.rows) {
      const c = checkQuestionnaireRow(r.rowNumber, r.cells, cols);
      problems.push(...c.problems);
      expect(c.values.name).toBeTruthy();
      expect(c.values.phone).toMatch(/^(1[3-9]\d{9}|0\d{9,11})$/u);
      expect(['沙河镇', '平川镇', '鸭暖镇']).toContain(c.values.township);
      expect(c.values.needs.length).toBeGreaterThan(0);
      expect(c.values.urgency).toMatch(/^(low|normal|high|critical)$/u);
      expect(c.values.submittedAt!.getTime()).toBeGreaterThan(Date.UTC(2024, 1, 29));
      keys.add(contentKey(r.cells, o.headers));
      n++;
    }
    expect(problems).toEqual([]);
    expect(n).toBe(30);
    expect(keys.size).toBe(30);
  });
});

describe('questionnaire-broken.csv', () => {
  it('reports exactly the broken cells, with Chinese reasons', async () => {
    const o = await openRows({ filename: 'broken.csv', path: path.join(FIX, 'questionnaire-broken.csv') });
    const cols = mapColumns(o.headers);
    const problems: ImportProblem[] = [];
    let good = 0;
    for await (const r of o.rows) {
      const c = checkQuestionnaireRow(r.rowNumber, r.cells, cols);
      problems.push(...c.problems);
      if (c.problems.length === 0) good++;
    }
    expect(good).toBe(6);
    expect(problems.map(({ row, column }) => ({ row, column }))).toEqual(BROKEN_EXPECTED);
    for (const p of problems) {
      expect(importProblemSchema.parse(p)).toEqual(p);
      expect(p.reason).toMatch(/[\u4e00-\u9fa5]/u);
    }
    expect(problems.map((p) => p.reason)).toEqual([
      '姓名为空',
      expect.stringContaining('非数字'),
      '日期不存在：2024年2月30日',
      expect.stringContaining('无法识别的紧急程度「看情况吧」'),
      expect.stringContaining('科学计数法'),
      '姓名为空',
    ]);
  });
});

describe('20,000-row export', () => {
  it('streams in bounded memory', { timeout: 60_000 }, async () => {
    const file = path.join(tmp, 'large.csv');
    await writeLargeQuestionnaireCsv(file, 20_000, 42, { encoding: 'gb18030' });
    const before = process.memoryUsage().rss;
    const t0 = performance.now();
    const o = await openRows({ filename: 'large.csv', path: file });
    expect(o.encoding).toBe('gb18030');
    expect(o.totalRowsHint).toBeGreaterThan(18_000);
    expect(o.totalRowsHint).toBeLessThan(22_000);
    let n = 0;
    let last = 0;
    let peak = before;
    for await (const r of o.rows) {
      n++;
      last = r.rowNumber;
      if (n % 2000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    const secs = (performance.now() - t0) / 1000;
    expect(n).toBe(20_000);
    expect(last).toBe(20_001);
    // Generous bound: the file is ~8 MB; streaming should not grow RSS by anything like that many rows' objects.
    expect(peak - before).toBeLessThan(150 * 1024 * 1024);
    console.log(`20k rows: ${(n / secs).toFixed(0)} rows/s, RSS +${((peak - before) / 1048576).toFixed(1)} MB`);
  });
});
