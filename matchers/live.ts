import { z } from 'zod';
import {
  clearSlot,
  fillSlot,
  kindOf,
  patchVolatile,
  profileOf,
  rebuildTrees,
  treePlace,
  type KindIndex,
  type MatchIndex,
} from './candidates.js';
import type { CandidateProfile } from './profile.js';
import { OrganisationSchema, ResourceSchema, VolunteerSchema, type CandidateKind, type Pool, type TaggedCandidate } from './types.js';

/*
 * The live index: a built index patched in place when one candidate changes (capacity, load, availability,
 * remaining quantity, text) or joins or leaves the pool. A patch rewrites that candidate's slot with the
 * same code buildIndex uses (candidates.ts fillSlot/clearSlot) and keeps the pool-wide counts (IDF, sizes)
 * and the kd-trees as a fresh build of the resulting pool would have them, so rankings are identical
 * (test/matchers/live.unit.test.ts checks it for random sequences of patches).
 */

/** A pool item tagged with its kind, validated like buildIndex validates a pool. */
export const TaggedCandidateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('volunteer'), item: VolunteerSchema }),
  z.object({ kind: z.literal('organisation'), item: OrganisationSchema }),
  z.object({ kind: z.literal('resource'), item: ResourceSchema }),
]);

/** Fields that change with capacity and quantity but not the candidate's profile (text, place, categories, schedule). */
const VOLATILE = new Set(['active', 'usedThisMonth', 'remaining']);

function sameProfileInputs(a: TaggedCandidate, b: TaggedCandidate): boolean {
  const strip = (c: TaggedCandidate) => JSON.stringify(c.item, (key, value: unknown) => (VOLATILE.has(key) ? undefined : value));
  return a.kind === b.kind && strip(a) === strip(b);
}

/**
 * Keep the kd-tree invariant: every live candidate sits in the trees of its categories at its current
 * place. A candidate that (re)joins the living or moves gets the trees of its old and new categories rebuilt
 * (one category's tree: milliseconds); one that dies stays in them and recall skips it.
 */
function refreshTrees(
  index: MatchIndex,
  k: KindIndex,
  i: number,
  before: { live: boolean; key: string | undefined; categories: number[] },
): void {
  if (k.kind === 'resource') return;
  const after = treePlace(k, i);
  const live = !k.dead[i];
  if (!live || !after) return;
  if (before.live && before.key === after.key) return;
  rebuildTrees(index, k.kind, new Set([...before.categories, ...after.categories]));
}

function stateOf(k: KindIndex, i: number) {
  const place = treePlace(k, i);
  return { live: !k.removed[i] && !k.dead[i], key: place?.key, categories: place?.categories ?? [] };
}

/** Rewrite slot i with a new version of its candidate. */
function replaceSlot(index: MatchIndex, k: KindIndex, i: number, c: TaggedCandidate): void {
  const old = k.profiles[i];
  // Capacity and quantity changes keep the text profile (segmentation is the costly part of profiling).
  const reuse = old && sameProfileInputs(old.item, c) ? old : undefined;
  const cp: CandidateProfile = reuse ? { ...reuse, item: c } : profileOf(index.engine, c, i);
  // The common event: a load or quantity moves and the candidate stays alive (or stays full).
  if (reuse && patchVolatile(index, k, cp)) return;
  const before = stateOf(k, i);
  clearSlot(index, k, i);
  fillSlot(index, k, cp, reuse);
  refreshTrees(index, k, i, before);
}

/** True when the index holds a candidate of this kind and id. */
export function hasCandidate(index: MatchIndex, kind: CandidateKind, id: string): boolean {
  return kindOf(index, kind).slotOf.has(id);
}

/** The candidate's current pool item in the index, if present. */
export function candidateItem(index: MatchIndex, kind: CandidateKind, id: string): TaggedCandidate | undefined {
  const k = kindOf(index, kind);
  const i = k.slotOf.get(id);
  return i === undefined ? undefined : k.profiles[i]?.item;
}

/** Add a candidate that is not in the index yet (it takes the next slot). */
export function addCandidate(index: MatchIndex, candidate: TaggedCandidate | unknown): void {
  const c = TaggedCandidateSchema.parse(candidate);
  const k = kindOf(index, c.kind);
  if (k.slotOf.has(c.item.id)) throw new Error(`addCandidate: ${c.kind} ${c.item.id} is already indexed`);
  const i = k.profiles.length;
  fillSlot(index, k, profileOf(index.engine, c, i));
  refreshTrees(index, k, i, { live: false, key: undefined, categories: [] });
}

/** Replace an indexed candidate with its new version (capacity, load, quantity, availability, text…). */
export function patchCandidate(index: MatchIndex, candidate: TaggedCandidate | unknown): void {
  const c = TaggedCandidateSchema.parse(candidate);
  const k = kindOf(index, c.kind);
  const i = k.slotOf.get(c.item.id);
  if (i === undefined) throw new Error(`patchCandidate: ${c.kind} ${c.item.id} is not indexed`);
  replaceSlot(index, k, i, c);
}

/** Add or patch, whichever applies. */
export function upsertCandidate(index: MatchIndex, candidate: TaggedCandidate | unknown): 'added' | 'patched' {
  const c = TaggedCandidateSchema.parse(candidate);
  if (hasCandidate(index, c.kind, c.item.id)) {
    patchCandidate(index, c);
    return 'patched';
  }
  addCandidate(index, c);
  return 'added';
}

/** Withdraw a candidate from the index (its slot stays, dead). False when it was not there. */
export function removeCandidate(index: MatchIndex, kind: CandidateKind, id: string): boolean {
  const k = kindOf(index, kind);
  const i = k.slotOf.get(id);
  if (i === undefined) return false;
  clearSlot(index, k, i);
  return true;
}

/** The present candidates of the index as a pool (slot order), e.g. to build a fresh index beside this one. */
export function livePool(index: MatchIndex): Pool {
  const present = <T>(k: KindIndex, items: T[]) => items.filter((_, i) => !k.removed[i]);
  return {
    volunteers: present(index.volunteers, index.pool.volunteers),
    organisations: present(index.organisations, index.pool.organisations),
    resources: present(index.resources, index.pool.resources),
  };
}
