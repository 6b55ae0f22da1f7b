/**
 * `npm run eval`: ranking quality of the engine and of a naive fuse.js baseline over seeds/quality-set.json.
 * Prints a table; the last line is a JSON object with the figures.
 */
import { readFileSync } from 'node:fs';
import { NaiveBaseline } from './baseline.js';
import { buildIndex, defaultRules, explainExclusion, rankNeed, type Need } from './index.js';
import { evaluate, findCandidate, parseQualitySet } from './quality.js';
import type { MatchResult } from './types.js';

const TOP = 10;
const set = parseQualitySet(JSON.parse(readFileSync(new URL('../seeds/quality-set.json', import.meta.url), 'utf8')));
const index = buildIndex(set, defaultRules, set.now);

const violation = (need: Need, r: MatchResult) => {
  const c = findCandidate(set, r.kind, r.id);
  return !c || explainExclusion(need, c, defaultRules, set.now).length > 0;
};
const engine = evaluate(set, (n) => rankNeed(index, n, { top: TOP, reasons: false }), violation);
const naive = new NaiveBaseline(set);
const baseline = evaluate(set, (n) => naive.rank(n, TOP), violation);

const verbose = process.argv.includes('--verbose');
if (verbose) {
  for (const p of engine.perNeed)
    if (p.rank !== 1) process.stdout.write(`miss ${p.id} ideal=${p.ideal} rank=${p.rank} got=${p.got.slice(0, 4).join(',')}\n`);
}
const row = (name: string, f: typeof engine) =>
  `${name.padEnd(10)} ${String(f.p1).padStart(6)} ${String(f.hit3).padStart(6)} ${String(f.mrr).padStart(6)} ${String(f.acceptable1).padStart(7)} ${String(f.violations).padStart(10)}`;
process.stdout.write(
  `quality set: ${engine.needs} needs, ${set.volunteers.length + set.organisations.length + set.resources.length} candidates (top ${TOP})\n`,
);
process.stdout.write(
  `${'ranker'.padEnd(10)} ${'P@1'.padStart(6)} ${'Hit@3'.padStart(6)} ${'MRR'.padStart(6)} ${'Acc@1'.padStart(7)} ${'violations'.padStart(10)}\n`,
);
process.stdout.write(row('engine', engine) + '\n');
process.stdout.write(row('baseline', baseline) + '\n');
const strip = ({ perNeed: _p, ...f }: typeof engine) => f;
process.stdout.write(JSON.stringify({ engine: strip(engine), baseline: strip(baseline) }) + '\n');
