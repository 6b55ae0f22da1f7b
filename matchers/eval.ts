/**
 * `npm run eval`: ranking quality of the engine and of a naive fuse.js baseline over seeds/quality-set.json,
 * overall and per kind of need. Prints tables; the last line is a JSON object with the figures.
 */
import { readFileSync } from 'node:fs';
import { NaiveBaseline } from './baseline.js';
import { buildIndex, defaultRules, explainExclusion, rankNeed, type Need } from './index.js';
import { byKind, evaluate, findCandidate, parseQualitySet, type QualityFigures } from './quality.js';
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

const out = (line: string) => process.stdout.write(line + '\n');
if (process.argv.includes('--verbose'))
  for (const p of engine.perNeed)
    if (p.rank !== 1) out(`miss ${p.id} (${p.kind}) ideal=${p.ideal} rank=${p.rank} got=${p.got.slice(0, 4).join(',')}`);

const num = (x: number, w: number) => String(x).padStart(w);
const head = `${'P@1'.padStart(6)} ${'Hit@3'.padStart(6)} ${'MRR'.padStart(6)} ${'Acc@1'.padStart(7)} ${'violations'.padStart(10)}`;
const cells = (f: QualityFigures) => `${num(f.p1, 6)} ${num(f.hit3, 6)} ${num(f.mrr, 6)} ${num(f.acceptable1, 7)} ${num(f.violations, 10)}`;

out(
  `quality set: ${engine.needs} needs, ${set.volunteers.length + set.organisations.length + set.resources.length} candidates (top ${TOP})`,
);
out(`${'ranker'.padEnd(10)} ${head}`);
out(`${'engine'.padEnd(10)} ${cells(engine)}`);
out(`${'baseline'.padEnd(10)} ${cells(baseline)}`);

const engineKinds = byKind(engine.perNeed);
const baselineKinds = new Map(byKind(baseline.perNeed).map((k) => [k.kind, k.figures]));
out('');
out(`${'kind'.padEnd(14)} ${'needs'.padStart(5)} ${'ranker'.padEnd(8)} ${head}`);
for (const { kind, figures } of engineKinds) {
  out(`${kind.padEnd(14)} ${num(figures.needs, 5)} ${'engine'.padEnd(8)} ${cells(figures)}`);
  const b = baselineKinds.get(kind);
  if (b) out(`${''.padEnd(14)} ${''.padStart(5)} ${'baseline'.padEnd(8)} ${cells(b)}`);
}
const strip = ({ perNeed: _p, ...f }: typeof engine) => f;
out(
  JSON.stringify({
    engine: strip(engine),
    baseline: strip(baseline),
    kinds: Object.fromEntries(engineKinds.map(({ kind, figures }) => [kind, { engine: figures, baseline: baselineKinds.get(kind) }])),
  }),
);
