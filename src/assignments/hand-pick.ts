/**
 * A coordinator's own choice of candidate: any volunteer, organisation or resource of the county that
 * no hard rule excludes (the refusal names the rule), and reassigning a need at once, whatever the
 * state of its current assignment (a pending one is never left to run into its timeout).
 */
import type { Actor, StationScope } from '../auth/actor.js';
import { checkEligible } from '../matching/service.js';
import type { AssignmentDoc, CandidateKind } from './model.js';
import { getNeed } from '../needs/service.js';
import { assignCandidate, assignNeed, assignmentInScope, cancelAssignment, type AssignmentOutcome } from './service.js';

/** Assigns a hand-picked candidate after checking the hard rules. */
export async function assignByHand(props: {
  actor: Actor;
  scope: StationScope;
  needId: string;
  candidate: { kind: CandidateKind; id: string };
  amount?: number;
}): Promise<AssignmentOutcome> {
  // The need is read once here, for the rules and for the assignment.
  const need = await getNeed(props.scope, props.needId);
  const eligible = await checkEligible({ scope: props.scope, needId: props.needId, candidate: props.candidate, need });
  return assignNeed({ ...props, need, slotHint: eligible.slotHint });
}

/**
 * Cancels an assignment with a reason and assigns the need to another candidate. The new candidate is
 * checked before anything changes, so a refused pick leaves the current assignment as it was.
 */
export async function reassign(props: {
  actor: Actor;
  scope: StationScope;
  id: string;
  reason: string;
  candidate: { kind: CandidateKind; id: string };
  amount?: number;
}): Promise<{ cancelled: AssignmentDoc; assignment: AssignmentDoc }> {
  const current = await assignmentInScope(props.scope, props.id);
  await checkEligible({ scope: props.scope, needId: current.needId, candidate: props.candidate });
  const cancelled = await cancelAssignment({ actor: props.actor, scope: props.scope, id: props.id, reason: props.reason });
  const assignment = await assignCandidate({
    actor: props.actor,
    scope: props.scope,
    needId: current.needId,
    candidate: props.candidate,
    amount: props.amount,
  });
  return { cancelled, assignment };
}
