import { EventEmitter } from 'node:events';
import type { DomainEvent } from './types.js';

/** Subscribers receive events after the write that caused them is durable. */
export type EventSubscriber = (event: DomainEvent) => Promise<void> | void;

const subscribers = new Set<EventSubscriber>();
const emitter = new EventEmitter();

/**
 * Publishes a domain event to every subscriber (the event log, the socket fan-out). Services call it
 * after their write; no service imports socket.io. A failing subscriber is reported, not rethrown:
 * the write already happened and the event log lets clients catch up.
 */
export async function publish(event: DomainEvent): Promise<void> {
  for (const subscriber of subscribers) {
    try {
      await subscriber(event);
    } catch (err) {
      emitter.emit('error', err);
    }
  }
}

/** Adds a subscriber; returns a function that removes it. */
export function subscribe(subscriber: EventSubscriber): () => void {
  subscribers.add(subscriber);
  return () => subscribers.delete(subscriber);
}

/** Lets the process log subscriber failures. */
export function onSubscriberError(handler: (err: unknown) => void): void {
  emitter.on('error', handler);
}
