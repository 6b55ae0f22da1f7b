import { currentLogger } from '../logger.js';
import type { DomainEvent } from './types.js';

/** Subscribers receive events after the write that caused them is durable. */
export type EventSubscriber = (event: DomainEvent) => Promise<void> | void;

const subscribers = new Set<EventSubscriber>();

/**
 * Publishes a domain event to every subscriber (the event log, the socket fan-out, caches). Services
 * call it after their write; no service imports socket.io. It never rejects: the write already
 * happened, so a failing subscriber is logged (with the event type and, inside a request, the request
 * id of the current logger) and the next subscriber still runs; the event log lets clients catch up.
 */
export async function publish(event: DomainEvent): Promise<void> {
  for (const subscriber of subscribers) {
    try {
      await subscriber(event);
    } catch (err) {
      currentLogger().error({ err, eventType: event.type, countyCode: event.countyCode }, 'event subscriber failed');
    }
  }
}

/** Adds a subscriber; returns a function that removes it. */
export function subscribe(subscriber: EventSubscriber): () => void {
  subscribers.add(subscriber);
  return () => subscribers.delete(subscriber);
}
