import { z } from 'zod';

/** Names of the live events (DOMAIN.md "Live events"). */
export const EventTypeSchema = z.enum([
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
  'organisation.registered',
  'reminder.due',
  'visit.tasks_created',
  'import.progress',
]);
export type EventType = z.infer<typeof EventTypeSchema>;

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

/** A domain event, emitted by a service after its write is durable. Payloads carry no sensitive fields. */
export interface DomainEvent {
  type: EventType;
  countyCode: string;
  audience: EventAudience;
  payload: Record<string, unknown>;
}
