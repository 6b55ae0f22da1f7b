import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { need, organisation, resource, volunteer } from './fixtures.js';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'match-cli-'));

function run(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'matchers', 'cli.ts'), ...args], { cwd: root, encoding: 'utf8' });
}
function file(name: string, content: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

describe('npm run match (CLI)', () => {
  it('prints only JSON: results per need, best first, at most --top, each with reasons', () => {
    const input = {
      now: '2026-11-23T08:00:00+08:00',
      needs: [need(), need({ id: 'rice', category: 'material_aid', title: '大米', quantity: { amount: 5, unit: '斤' } })],
      volunteers: [volunteer(), volunteer({ id: 'v2' }), volunteer({ id: 'v3' })],
      organisations: [organisation()],
      resources: [resource()],
    };
    const res = run(['--input', file('ok.json', input), '--top', '2']);
    expect(res.status).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(Object.keys(out)).toEqual(['n1', 'rice']);
    expect(out.n1).toHaveLength(2);
    expect(out.n1[0].score).toBeGreaterThanOrEqual(out.n1[1].score);
    for (const r of out.n1) {
      expect(['volunteer', 'organisation']).toContain(r.kind);
      expect(r.reasons.length).toBeGreaterThan(0);
    }
    expect(out.rice.map((r: { id: string }) => r.id)).toEqual(['r1']);
  });
  it('uses the input clock for expiry', () => {
    const input = {
      now: '2027-01-02T00:00:00+08:00',
      needs: [need({ id: 'rice', category: 'material_aid', title: '大米', quantity: { amount: 5, unit: '斤' } })],
      resources: [resource({ expiresAt: '2027-01-01T00:00:00+08:00' })],
    };
    const res = run(['--input', file('clock.json', input)]);
    expect(JSON.parse(res.stdout)).toEqual({ rice: [] });
  });
  it('rejects invalid input with a message on stderr and exit code 2', () => {
    const bad = run(['--input', file('bad.json', { needs: [{ id: 'x' }] })]);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('needs.0');
    const notJson = run(['--input', file('bad.txt', '{not json')]);
    expect(notJson.status).toBe(2);
    const noArgs = run([]);
    expect(noArgs.status).toBe(2);
    const badTop = run(['--input', file('ok2.json', { needs: [] }), '--top', '0']);
    expect(badTop.status).toBe(2);
  });
});
