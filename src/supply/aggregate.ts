import type { Model } from 'mongoose';

/**
 * Sums per group key: `{ [name]: '$field' | 1 }` → Map<key, { [name]: number }>.
 * FerretDB 1.x computes only the FIRST accumulator of a $group (the others come back 0), so each
 * sum runs as its own $match + $group and the results are merged here.
 */
export async function groupSums<N extends string>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any collection's model; only aggregate() is called
  model: Model<any>,
  match: Record<string, unknown>,
  key: string,
  sums: Record<N, string | 1>,
): Promise<Map<string, Record<N, number>>> {
  const names = Object.keys(sums) as N[];
  const results = await Promise.all(
    names.map((name) =>
      model.aggregate<{ _id: string; v: number }>([{ $match: match }, { $group: { _id: key, v: { $sum: sums[name] } } }]),
    ),
  );
  const out = new Map<string, Record<N, number>>();
  results.forEach((rows, i) => {
    for (const row of rows) {
      const entry = out.get(row._id) ?? (Object.fromEntries(names.map((n) => [n, 0])) as Record<N, number>);
      entry[names[i]!] = row.v;
      out.set(row._id, entry);
    }
  });
  return out;
}
