import type {
  AssignmentStatus,
  CandidateKind,
  ImportCounts,
  ImportStatus,
  NeedStatus,
  Quantity,
  ResourceKind,
  ResourceStatus,
  Urgency,
} from './views.js';

/**
 * Domain events: names and payload types, one definition for the server (src/events/) and the console
 * (web/src/live.ts). Dependency-free; the server's zod enum is built from EVENT_TYPES. Payloads carry
 * no sensitive fields: a client that needs more fetches the record through the API, which masks and audits.
 */

/** Names of the live events (DOMAIN.md "Live events"). */
export const EVENT_TYPES = [
  'need.created',
  'need.updated',
  'match.proposed',
  'assignment.created',
  'assignment.accepted',
  'assignment.declined',
  'assignment.started',
  'assignment.completed',
  'assignment.cancelled',
  'assignment.escalated',
  'resource.posted',
  'resource.updated',
  'resource.depleted',
  'resource.allocated',
  'volunteer.registered',
  'volunteer.approved',
  'volunteer.hours_confirmed',
  'volunteer.updated',
  'organisation.registered',
  'organisation.updated',
  'reminder.due',
  'visit.tasks_created',
  'visit.recorded',
  'case.opened',
  'case.updated',
  'case.closed',
  'group.session_recorded',
  'activity.recorded',
  'referral.sent',
  'referral.updated',
  'referral.overdue',
  'satisfaction.recorded',
  'import.progress',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Who should hear an event. Station rooms reach that station's coordinators and the county admin;
 * subject rooms reach one volunteer, organisation or charity.
 */
export interface EventAudience {
  stationCodes?: string[];
  volunteerIds?: string[];
  organisationIds?: string[];
  charityIds?: string[];
}

// Payloads are type aliases, not interfaces: an alias is assignable to the server's `Record<string, unknown>`
// payload, so a TypedDomainEvent can be published through today's bus unchanged.

/** A need's public summary (no household fields). */
export type NeedEventPayload = {
  id: string;
  stationCode: string;
  communityCode: string;
  category: string | null;
  urgency: Urgency;
  status: NeedStatus;
  title: string;
};

/** need.updated: either the edited fields' names, or a status move. */
export type NeedUpdatedPayload = NeedEventPayload & {
  changed?: string[];
  from?: NeedStatus;
  to?: NeedStatus;
};

export type MatchProposedPayload = {
  needId: string;
  needTitle: string;
  /** Why a proposal was made (e.g. a decline, a timeout, a batch re-match), in Chinese. */
  reason: string;
  candidate: { kind: CandidateKind; id: string; name: string; score: number } | null;
  /** Absent on batch re-match proposals. */
  reasons?: { rule: string; text: string }[];
};

/** An assignment's summary: never beneficiary data. */
export type AssignmentEventPayload = {
  assignmentId: string;
  needId: string;
  needCategory: string | null;
  stationCode: string;
  communityCode: string;
  candidate: { kind: CandidateKind; id: string; name: string };
  status: AssignmentStatus;
};

export type AssignmentWithReasonPayload = AssignmentEventPayload & {
  reason: string;
};

export type AssignmentCompletedPayload = AssignmentEventPayload & {
  hours: number | null;
};

export type ResourcePostedPayload = {
  resourceId: string;
  category: string;
  kind: ResourceKind;
  remaining: Quantity;
  title: string;
};

/** resource.updated: a charity's edit or withdrawal (new status), or the expiry job's notice. */
export type ResourceUpdatedPayload =
  { resourceId: string; status: ResourceStatus } | { resourceId: string; title: string; expired: true; message: string };

export type ResourceDepletedPayload = {
  resourceId: string;
  title: string;
  category: string;
};

export type ResourceAllocatedPayload = {
  resourceId: string;
  amount: number;
  unit: string;
  remaining: number;
  stationCode: string;
  needCategory: string;
};

export type VolunteerRegisteredPayload = {
  volunteerId: string;
  stationCode: string;
  name: string;
};

export type OrganisationRegisteredPayload = {
  organisationId: string;
  stationCode: string;
  name: string;
};

export type VolunteerApprovedPayload = {
  volunteerId: string;
  stationCode: string;
};

/** A volunteer's or organisation's record changed (its own edit or a coordinator's review): which fields, never their values. */
export type ProfileUpdatedPayload = {
  stationCode: string;
  changed: string[];
} & ({ volunteerId: string } | { organisationId: string });

export type HoursConfirmedPayload = {
  entryId: string;
  volunteerId: string;
  assignmentId: string;
  hours: number;
  corrected: boolean;
};

export type ReminderDuePayload = {
  assignmentId: string;
  needId: string;
  needCategory: string | null;
  message: string;
};

/** The monthly job (or the start-up catch-up) made a station's visit tasks for a month. */
export type VisitTasksCreatedPayload = { stationCode: string; month: string; created: number };

/** A visit was recorded (no findings or notes: those are read through the API). */
export type VisitRecordedPayload = {
  id: string;
  stationCode: string;
  householdId: string;
  month: string;
  mode: 'home' | 'phone' | 'video' | 'other';
  taskId: string | null;
};

export type CaseEventPayload = { id: string; stationCode: string; status: string; householdId: string };
export type GroupSessionPayload = { id: string; stationCode: string; no: number; attendance: number };
export type ActivityRecordedPayload = { id: string; stationCode: string; title: string; date: string; status: string };
export type ReferralEventPayload = { id: string; stationCode: string; householdId: string; target: string; status: string };
export type SatisfactionRecordedPayload = {
  id: string;
  stationCode: string;
  subject: { kind: 'assignment' | 'case' | 'group'; id: string };
  level: 'satisfied' | 'basic' | 'dissatisfied';
};

export type ImportProgressPayload = {
  jobId: string;
  rowsDone: number;
  totalRows: number | null;
  status: ImportStatus;
  counts: ImportCounts;
};

/** The payload of each event type. */
export interface EventPayloads {
  'need.created': NeedEventPayload;
  'need.updated': NeedUpdatedPayload;
  'match.proposed': MatchProposedPayload;
  'assignment.created': AssignmentEventPayload;
  'assignment.accepted': AssignmentEventPayload;
  'assignment.declined': AssignmentWithReasonPayload;
  'assignment.started': AssignmentEventPayload;
  'assignment.completed': AssignmentCompletedPayload;
  'assignment.cancelled': AssignmentWithReasonPayload;
  'assignment.escalated': AssignmentWithReasonPayload;
  'resource.posted': ResourcePostedPayload;
  'resource.updated': ResourceUpdatedPayload;
  'resource.depleted': ResourceDepletedPayload;
  'resource.allocated': ResourceAllocatedPayload;
  'volunteer.registered': VolunteerRegisteredPayload;
  'volunteer.approved': VolunteerApprovedPayload;
  'volunteer.hours_confirmed': HoursConfirmedPayload;
  'volunteer.updated': ProfileUpdatedPayload;
  'organisation.registered': OrganisationRegisteredPayload;
  'organisation.updated': ProfileUpdatedPayload;
  'reminder.due': ReminderDuePayload;
  'visit.tasks_created': VisitTasksCreatedPayload;
  'visit.recorded': VisitRecordedPayload;
  'case.opened': CaseEventPayload;
  'case.updated': CaseEventPayload;
  'case.closed': CaseEventPayload;
  'group.session_recorded': GroupSessionPayload;
  'activity.recorded': ActivityRecordedPayload;
  'referral.sent': ReferralEventPayload;
  'referral.updated': ReferralEventPayload;
  'referral.overdue': ReferralEventPayload;
  'satisfaction.recorded': SatisfactionRecordedPayload;
  'import.progress': ImportProgressPayload;
}

/** A domain event of one type, as a service publishes it. */
export interface TypedDomainEvent<T extends EventType = EventType> {
  type: T;
  countyCode: string;
  audience: EventAudience;
  payload: EventPayloads[T];
}

/** Any domain event, discriminated by `type` (narrowing `type` narrows `payload`). */
export type AnyDomainEvent = { [T in EventType]: TypedDomainEvent<T> }[EventType];

/** One event as a client receives it over the socket, for one room with that room's sequence number. */
export interface WireEventOf<T extends EventType = EventType> {
  id: string;
  room: string;
  seq: number;
  type: T;
  payload: EventPayloads[T];
  at: string;
}

/** Any wire event, discriminated by `type`. */
export type WireEvent = { [T in EventType]: WireEventOf<T> }[EventType];
