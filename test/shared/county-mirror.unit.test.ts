import { describe, expect, it } from 'vitest';
import { CountyMirror, notOlder, type MirrorSource } from '../../src/shared/county-mirror.js';

interface Rec {
  _id: string;
  countyCode: string;
  revision: number;
  updatedAt: Date;
  title: string;
}

/** A collection in memory standing in for the database, counting scans and `_id` reads. */
function fakeSource() {
  const rows = new Map<string, Rec>();
  const stats = { scans: 0, reads: 0 };
  /** Gates: a scan waits for `release()` when `hold` is set, so a test can write while a load runs. */
  let hold: { release: () => void; started: Promise<void>; markStarted: () => void } | null = null;
  const source: MirrorSource<Rec> = {
    async loadCounty(countyCode) {
      stats.scans++;
      const snapshot = [...rows.values()].filter((r) => r.countyCode === countyCode).map((r) => ({ ...r }));
      if (hold) {
        const h = hold;
        h.markStarted();
        await new Promise<void>((resolve) => (h.release = resolve));
      }
      return snapshot;
    },
    async loadOne(id) {
      stats.reads++;
      const r = rows.get(id);
      return r ? { ...r } : null;
    },
  };
  const write = (id: string, countyCode: string, title: string): Rec => {
    const prev = rows.get(id);
    const rec = { _id: id, countyCode, title, revision: (prev?.revision ?? -1) + 1, updatedAt: new Date() };
    rows.set(id, rec);
    return { ...rec };
  };
  const holdScans = () => {
    let markStarted = () => undefined as void;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    hold = { release: () => undefined, started, markStarted };
    return hold;
  };
  return { rows, stats, source, write, holdScans, stopHolding: () => (hold = null) };
}

const titles = async (m: CountyMirror<Rec>, county: string) =>
  [...(await m.read(county)).values()].map((r) => `${r._id}:${r.title}`).sort();

describe('county mirror', () => {
  it('loads a county once for concurrent first readers, then answers from memory', async () => {
    const db = fakeSource();
    db.write('a', '620723', '送餐');
    db.write('b', '620723', '助浴');
    db.write('x', '620724', '别县');
    const m = new CountyMirror('t', db.source);
    const [one, two] = await Promise.all([m.read('620723'), m.read('620723')]);
    expect(one).toBe(two);
    expect(db.stats.scans).toBe(1);
    expect(await titles(m, '620723')).toEqual(['a:送餐', 'b:助浴']);
    await m.read('620723');
    expect(db.stats.scans).toBe(1);
  });

  it('put and changed keep the copy current without a scan; deletions and other counties are honoured', async () => {
    const db = fakeSource();
    db.write('a', '620723', '送餐');
    const m = new CountyMirror('t', db.source);
    await m.read('620723');
    m.put(db.write('a', '620723', '送餐上门'));
    db.write('b', '620723', '新需求');
    await m.changed('b');
    db.write('z', '620724', '别县的'); // a county not held: nothing to do
    await m.changed('z');
    expect(await titles(m, '620723')).toEqual(['a:送餐上门', 'b:新需求']);
    db.rows.delete('a');
    await m.changed('a');
    m.removed(['b']);
    expect(await titles(m, '620723')).toEqual([]);
    expect(db.stats.scans).toBe(1);
  });

  it('an older version arriving late never replaces a newer one', async () => {
    const db = fakeSource();
    const v0 = db.write('a', '620723', 'v0');
    const m = new CountyMirror('t', db.source);
    await m.read('620723');
    const v1 = db.write('a', '620723', 'v1');
    m.put(v1);
    m.put(v0);
    expect(await titles(m, '620723')).toEqual(['a:v1']);
    expect(notOlder(v1, v0)).toBe(true);
    expect(notOlder(v0, v1)).toBe(false);
  });

  it('a record changed while the county loads is re-read before the load is swapped in', async () => {
    const db = fakeSource();
    db.write('a', '620723', 'before');
    const m = new CountyMirror('t', db.source);
    const gate = db.holdScans();
    const loading = m.read('620723');
    await gate.started;
    m.put(db.write('a', '620723', 'after')); // the scan already read "before"
    gate.release();
    db.stopHolding();
    await loading;
    expect(await titles(m, '620723')).toEqual(['a:after']);
  });

  it('after its own bulk write (invalidate) a reader waits for a fresh load that shows it', async () => {
    const db = fakeSource();
    db.write('a', '620723', 'a');
    const m = new CountyMirror('t', db.source);
    await m.read('620723');
    db.write('b', '620723', 'bulk'); // no put: a bulk write
    m.invalidate('620723');
    expect(await titles(m, '620723')).toEqual(['a:a', 'b:bulk']);
    expect(db.stats.scans).toBe(2);
  });

  it('an invalidate during a load makes readers wait for a load started after it', async () => {
    const db = fakeSource();
    db.write('a', '620723', 'a');
    const m = new CountyMirror('t', db.source);
    await m.read('620723');
    m.invalidate('620723');
    const gate = db.holdScans();
    const first = m.read('620723');
    await gate.started;
    db.stopHolding();
    db.write('b', '620723', 'bulk');
    m.invalidate('620723');
    const second = m.read('620723');
    gate.release();
    await first;
    expect([...(await second).keys()].sort()).toEqual(['a', 'b']);
  });

  it('refresh reloads beside the copy in use (readers do not wait) and counts what writes and events had missed', async () => {
    const db = fakeSource();
    db.write('a', '620723', 'a');
    db.write('b', '620723', 'b');
    const m = new CountyMirror('t', db.source);
    const before = await m.read('620723');
    db.write('a', '620723', 'missed'); // changed behind the mirror's back
    db.rows.delete('b');
    db.write('c', '620723', 'new');
    const gate = db.holdScans();
    const refreshing = m.refresh('620723');
    await gate.started;
    expect(await m.read('620723')).toBe(before); // the old copy serves meanwhile
    gate.release();
    db.stopHolding();
    expect(await refreshing).toBe(3);
    expect(await titles(m, '620723')).toEqual(['a:missed', 'c:new']);
    expect(await m.refresh('620723')).toBe(0);
  });
});
