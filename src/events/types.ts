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
 * A domain event as subscribers and the log receive it. Payloads carry no sensitive fields. Publishers
 * build a `TypedDomainEvent<T>` (`publish` takes only that: its payload is checked against
 * `EventPayloads[T]`); it is assignable to this looser shape, which subscribers narrow by `type`.
 */
export interface DomainEvent {
  type: EventType;
  countyCode: string;
  audience: EventAudience;
  payload: Record<string, unknown>;
}
