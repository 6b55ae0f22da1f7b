import { claimNextRevision, releaseNextRevision } from '../shared/revision-claims.js';

/**
 * Claims the right to move a need from `revision` to `revision + 1` (see shared/revision-claims.ts for
 * why a claim and not a conditional update). Returns false when another writer holds that claim.
 */
export function claimRevision(needId: string, revision: number, currentRevision: () => Promise<number>): Promise<boolean> {
  return claimNextRevision('need', needId, revision, currentRevision);
}

/** Gives back the claim on `revision + 1` of a need whose move will not be written. */
export function releaseRevision(needId: string, revision: number): Promise<void> {
  return releaseNextRevision('need', needId, revision);
}
