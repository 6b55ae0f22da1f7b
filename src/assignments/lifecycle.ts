import type { AssignmentStatus } from './model.js';

/** Allowed moves of an assignment. */
export const ASSIGNMENT_TRANSITIONS: Record<AssignmentStatus, AssignmentStatus[]> = {
  pending: ['accepted', 'declined', 'cancelled', 'expired'],
  accepted: ['in_progress', 'completed', 'cancelled'],
  in_progress: ['completed', 'cancelled'],
  completed: [],
  declined: [],
  cancelled: [],
  expired: [],
};

/** States in which the assignment holds the candidate's capacity. */
export const ACTIVE_STATUSES: AssignmentStatus[] = ['pending', 'accepted', 'in_progress'];

/** States in which the volunteer may see who the beneficiary is (staged disclosure). */
export const DISCLOSED_STATUSES: AssignmentStatus[] = ['accepted', 'in_progress'];

/** Chinese labels for the UI and messages. */
export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  pending: '待回复',
  accepted: '已接受',
  in_progress: '服务中',
  completed: '已完成',
  declined: '已婉拒',
  cancelled: '已取消',
  expired: '超时未回复',
};
