/**
 * Other areas' records that the station statistics and satisfaction checks read (needs, assignments,
 * volunteer service hours), gathered in one place; each read lives in its own area's repository.
 */
export { needsCreatedBetween, openNeedsNow, householdsOfNeeds, type NeedFacts } from '../../needs/repository.js';
export { firstAssignments, assignmentsCompletedBetween, assignmentState, type CompletedAssignment } from '../../assignments/repository.js';
export { serviceHoursIn } from '../../volunteers/repository.js';
