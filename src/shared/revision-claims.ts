/**
 * Revision claims: the single-winner step of every state machine on FerretDB. The collection's
 * repository is `repositories/revision-claims.ts`; this is its public face.
 */
export { claimNextRevision, purgeClaimsBefore, releaseNextRevision } from './repositories/revision-claims.js';
