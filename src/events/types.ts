import { z } from 'zod';
import { EVENT_TYPES, type EventAudience, type EventType } from '../contracts/events.js';

// Names, audiences and payload types live in the dependency-free contracts module, shared with the console.
export type {
  AnyDomainEvent,
  EventAudience,
  EventPayloads,
  EventType,
  TypedDomainEvent,
  WireEvent,
  WireEventOf,
} from '../contracts/events.js';

/** The event names as a zod enum, for validating stored or requested event types. */
export const EventTypeSchema = z.enum(EVENT_TYPES);

/**
 * A domain event, emitted by a service after its write is durable. Payloads carry no sensitive fields.
 * The payload stays loosely typed here so existing publishers compile unchanged; new publishers should
 * build a `TypedDomainEvent<T>` (its payload is `EventPayloads[T]`), which is assignable to this.
 */
export interface DomainEvent {
  type: EventType;
  countyCode: string;
  audience: EventAudience;
  payload: Record<string, unknown>;
}
