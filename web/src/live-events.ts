import type { WireEvent } from './types';

/** The need a live event is about (need, match and assignment events, reminders), if any. */
export function needIdOf(e: WireEvent): string | undefined {
  switch (e.type) {
    case 'need.created':
    case 'need.updated':
      return e.payload.id;
    case 'match.proposed':
    case 'assignment.created':
    case 'assignment.accepted':
    case 'assignment.declined':
    case 'assignment.started':
    case 'assignment.completed':
    case 'assignment.cancelled':
    case 'assignment.escalated':
    case 'reminder.due':
      return e.payload.needId;
    default:
      return undefined;
  }
}

/** What an activity-feed line names after the event text: a title, else the candidate's name. */
export function subjectOf(e: WireEvent): string {
  switch (e.type) {
    case 'need.created':
    case 'need.updated':
    case 'resource.posted':
    case 'resource.depleted':
      return e.payload.title;
    case 'resource.updated':
      return 'title' in e.payload ? e.payload.title : '';
    case 'match.proposed':
      return e.payload.needTitle;
    case 'assignment.created':
    case 'assignment.accepted':
    case 'assignment.declined':
    case 'assignment.started':
    case 'assignment.completed':
    case 'assignment.cancelled':
    case 'assignment.escalated':
      return e.payload.candidate.name;
    default:
      return '';
  }
}
