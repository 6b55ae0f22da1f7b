import type { MatchIndex } from './candidates.js';
import { profileNeed } from './profile.js';
import { compareScored, scoreNeed } from './rank.js';
import { NeedSchema, type CandidateKind, type Need, type TaggedCandidate } from './types.js';

/** One assignment of a candidate to a need (goods: `amount` of the resource's `unit`). */
export interface Allocation {
  needId: string;
  kind: CandidateKind;
  id: string;
  score: number;
  amount?: number;
  unit?: string;
}

/** Result of a batch allocation. */
export interface AllocationResult {
  assignments: Allocation[];
  /** Needs that got nothing (no feasible candidate left). */
  unassigned: string[];
  /** Needs with goods only partly covered. */
  partial: string[];
  /** Objective: sum of scores, goods weighted by the share of the quantity covered. */
  totalScore: number;
}

/** Options of allocate. */
export interface AllocateOptions {
  /** Clock for resource expiry; defaults to the index's clock. */
  now?: Date | string | number;
  /** Candidates considered per need (default 5). */
  perNeed?: number;
  /** Run the swap improvement after the greedy pass (default true). */
  improve?: boolean;
}

const URGENCY_ORDER: Record<string, number> = { critical: 0, high: 1, normal: 2, low: 3 };

/** One ranked option of a need: the candidate (tagged pool item), its position in its kind's list, the score. */
export interface Choice {
  item: TaggedCandidate;
  idx: number;
  score: number;
}

const KIND_CODE = { volunteer: 0, organisation: 1, resource: 2 } as const;
/** Numeric key of a candidate (kind and position in its list): no string building in the hot loop. */
const keyOf = (s: Choice) => KIND_CODE[s.item.kind] * 2 ** 28 + s.idx;

function capacityOf(s: Choice): number {
  const c = s.item;
  switch (c.kind) {
    case 'volunteer':
      return Math.max(0, c.item.maxActive - c.item.active);
    case 'organisation':
      return Math.max(0, c.item.capacityPerMonth - c.item.usedThisMonth);
    case 'resource':
      return Math.max(0, c.item.remaining.amount);
  }
}

/**
 * Batch allocation: urgent tiers first; within a tier, greedy by score over all (need, candidate) pairs,
 * respecting volunteer load, organisation monthly capacity and resource quantities (goods may be split
 * over several resources); then a swap pass moves an assigned need to its next choice when that frees a
 * candidate for an unassigned need and raises the total.
 */
export function allocate(index: MatchIndex, needsInput: readonly (Need | unknown)[], opts: AllocateOptions = {}): AllocationResult {
  const nowMs = opts.now === undefined ? index.nowMs : typeof opts.now === 'number' ? opts.now : new Date(opts.now).getTime();
  const perNeed = opts.perNeed ?? 5;
  const needs = needsInput.map((n) => NeedSchema.parse(n));
  const lists = needs.map((need) =>
    scoreNeed(index, profileNeed(index.engine, need), perNeed, nowMs)
      .slice(0, perNeed)
      .map((s): Choice => ({ item: s.item, idx: s.profile.idx, score: s.score })),
  );
  return allocateFromLists(needs, lists, opts);
}

/** What allocateFromLists tracks per need. */
interface NeedState {
  need: Need;
  /** Ranked options, best first. */
  list: readonly Choice[];
  /** Urgency tier (0 = critical). */
  tier: number;
  /** Units wanted (services 1 slot; goods their quantity) and still wanted. */
  wanted: number;
  remaining: number;
  /** The service assignment this need holds (swapped in place by the improvement pass). */
  held?: Assigned;
  /** Position in the input (tie-break and output order). */
  pos: number;
}

interface Edge {
  n: NeedState;
  s: Choice;
}

type Assigned = Allocation & { n: NeedState; fraction: number; key: number };

/**
 * The allocation step alone, over ranked options already computed per need (by allocate, or by
 * worker threads in parallel.ts). `lists[i]` are the options of `needs[i]`, best first.
 */
export function allocateFromLists(
  needs: readonly Need[],
  lists: readonly (readonly Choice[])[],
  opts: Pick<AllocateOptions, 'improve'> = {},
): AllocationResult {
  const capacity = new Map<number, number>();
  for (const list of lists) for (const s of list) if (!capacity.has(keyOf(s))) capacity.set(keyOf(s), capacityOf(s));

  // What each need still wants: services 1 slot; goods their quantity (in the resource's unit when units agree).
  const states: NeedState[] = needs.map((need, pos) => {
    const wanted = need.quantity && need.quantity.amount > 0 ? need.quantity.amount : 1;
    return { need, list: lists[pos] ?? [], tier: URGENCY_ORDER[need.urgency] ?? 2, wanted, remaining: wanted, pos };
  });
  const assigned: Assigned[] = [];

  const tiers = new Map<number, NeedState[]>();
  for (const n of states) {
    const list = tiers.get(n.tier);
    if (list) list.push(n);
    else tiers.set(n.tier, [n]);
  }

  for (const t of [...tiers.keys()].sort((a, b) => a - b)) {
    const edges: Edge[] = [];
    for (const n of tiers.get(t) ?? []) for (const s of n.list) edges.push({ n, s });
    // Score descending; equal scores in a fixed order (candidate id, kind, need id) so runs are reproducible.
    edges.sort(
      (a, b) => b.s.score - a.s.score || compareScored(a.s, b.s) || (a.n.need.id < b.n.need.id ? -1 : a.n.need.id > b.n.need.id ? 1 : 0),
    );
    for (const e of edges) {
      const n = e.n;
      if (n.remaining <= 0) continue;
      const key = keyOf(e.s);
      const cap = capacity.get(key) ?? 0;
      if (cap <= 0) continue;
      const need = n.need;
      if (e.s.item.kind === 'resource') {
        const r = e.s.item.item;
        const sameUnit = need.quantity !== undefined && need.quantity.unit === r.remaining.unit;
        const want = sameUnit ? n.remaining : 1;
        const give = Math.min(cap, want);
        capacity.set(key, cap - give);
        const fraction = sameUnit ? give / n.wanted : 1;
        n.remaining = sameUnit ? n.remaining - give : 0;
        assigned.push({
          n,
          needId: need.id,
          kind: 'resource',
          id: r.id,
          score: e.s.score,
          amount: give,
          unit: r.remaining.unit,
          fraction,
          key,
        });
      } else {
        capacity.set(key, cap - 1);
        n.remaining = 0;
        n.held = { n, needId: need.id, kind: e.s.item.kind, id: e.s.item.item.id, score: e.s.score, fraction: 1, key };
        assigned.push(n.held);
      }
    }
  }

  if (opts.improve ?? true) {
    // Swap pass: for an unassigned service need u wanting full candidate c held by need a,
    // move a to a free alternative c' if score(a,c') + score(u,c) > score(a,c). Repeat until no gain.
    const holders = new Map<number, NeedState[]>();
    for (const n of states) {
      if (!n.held) continue;
      const l = holders.get(n.held.key);
      if (l) l.push(n);
      else holders.set(n.held.key, [n]);
    }
    let improved = true;
    let rounds = 0;
    while (improved && rounds++ < 5) {
      improved = false;
      for (const u of states) {
        if (u.remaining <= 0 || u.need.quantity) continue;
        let best: { gain: number; a: NeedState; cur: Assigned; c: Choice; alt: Choice } | undefined;
        for (const c of u.list) {
          if (c.item.kind === 'resource') continue;
          const k = keyOf(c);
          if ((capacity.get(k) ?? 0) > 0) continue;
          for (const a of holders.get(k) ?? []) {
            // Never displace a more urgent need's choice in favour of a less urgent one's.
            const cur = a.held;
            if (!cur || a.tier < u.tier) continue;
            for (const alt of a.list) {
              const ak = keyOf(alt);
              if (ak === k || alt.item.kind === 'resource' || (capacity.get(ak) ?? 0) <= 0) continue;
              const gain = alt.score + c.score - cur.score;
              if (gain > 1e-9 && (!best || gain > best.gain)) best = { gain, a, cur, c, alt };
            }
          }
        }
        if (!best) continue;
        const { a, cur, c, alt } = best;
        const k = keyOf(c);
        const ak = keyOf(alt);
        capacity.set(ak, (capacity.get(ak) ?? 0) - 1);
        Object.assign(cur, { kind: alt.item.kind, id: alt.item.item.id, score: alt.score, key: ak });
        holders.set(
          k,
          (holders.get(k) ?? []).filter((x) => x !== a),
        );
        holders.set(ak, [...(holders.get(ak) ?? []), a]);
        u.held = { n: u, needId: u.need.id, kind: c.item.kind, id: c.item.item.id, score: c.score, fraction: 1, key: k };
        assigned.push(u.held);
        holders.set(k, [...(holders.get(k) ?? []), u]);
        u.remaining = 0;
        improved = true;
      }
    }
  }

  let totalScore = 0;
  for (const a of assigned) totalScore += a.score * a.fraction;
  const got = new Set(assigned.map((a) => a.n));
  return {
    assignments: assigned.map(({ needId, kind, id, score, amount, unit }) =>
      amount === undefined ? { needId, kind, id, score } : { needId, kind, id, score, amount, unit },
    ),
    unassigned: states.flatMap((n) => (got.has(n) ? [] : [n.need.id])),
    partial: states.flatMap((n) => (got.has(n) && n.remaining > 0 ? [n.need.id] : [])),
    totalScore: Math.round(totalScore * 1e6) / 1e6,
  };
}
