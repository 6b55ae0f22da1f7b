/** One option of a need in an assignment problem: a candidate key and the score of the pair. */
export interface Option {
  key: string;
  score: number;
}

/**
 * Exact optimum of a small unit-demand assignment problem (each need gets at most one candidate,
 * each candidate at most its capacity), by depth-first enumeration with an upper-bound prune.
 * Exponential: for the bench's small instances only.
 */
export function exactOptimum(options: readonly Option[][], capacity: ReadonlyMap<string, number>): number {
  const cap = new Map(capacity);
  const best = options.map((o) => o.reduce((m, x) => Math.max(m, x.score), 0));
  const suffix = new Float64Array(options.length + 1);
  // i + 1 ≤ options.length = suffix.length - 1 and i < best.length: both in bounds.
  for (let i = options.length - 1; i >= 0; i--) suffix[i] = suffix[i + 1]! + best[i]!;
  let top = 0;
  const dfs = (i: number, acc: number) => {
    if (acc + (suffix[i] ?? 0) <= top + 1e-12) return;
    if (i === options.length) {
      top = acc;
      return;
    }
    for (const o of options[i] ?? []) {
      const c = cap.get(o.key) ?? 0;
      if (c <= 0) continue;
      cap.set(o.key, c - 1);
      dfs(i + 1, acc + o.score);
      cap.set(o.key, c);
    }
    dfs(i + 1, acc);
  };
  dfs(0, 0);
  return top;
}
