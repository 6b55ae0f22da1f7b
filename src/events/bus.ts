import { timing } from '../http/server-timing.js';
import { currentLogger } from '../logger.js';
import type { DomainEvent } from './types.js';

/** Subscribers receive events after the write that caused them is durable. */
export type EventSubscriber = (event: DomainEvent) => Promise<void> | void;

/** The event log: the one subscriber a publish waits for (a 2xx means the event is in the log). */
let eventLog: EventSubscriber | undefined;
/** Everything else (caches, proposals, the notifications outbox): work that follows the answer. */
const subscribers = new Set<EventSubscriber>();
/** Follow-ups started and not yet finished, so tests and shutdown can wait for them. */
const inFlight = new Set<Promise<void>>();

function logSubscriberFailure(err: unknown, event: DomainEvent): void {
  currentLogger().error({ err, eventType: event.type, countyCode: event.countyCode }, 'event subscriber failed');
}

/**
 * Starts one follow-up after the publisher's answer: setImmediate lets the caller's continuation (the
 * HTTP response) run first. It keeps the async context, so a failure is logged with the request id.
 */
function startFollowUp(subscriber: EventSubscriber, event: DomainEvent): void {
  const run = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => subscriber(event))
    .then(
      () => undefined,
      (err: unknown) => logSubscriberFailure(err, event),
    );
  inFlight.add(run);
  void run.finally(() => inFlight.delete(run));
}

/**
 * Publishes a domain event. Services call it after their write; no service imports socket.io. It waits
 * only for the event log (which also pushes the stored records to live sockets), then starts every other
 * subscriber without waiting: their work follows the answer, from the event. It never rejects: the write
 * already happened, so a failure — of the log or of a subscriber — is logged with the event type and,
 * inside a request, the request id of the current logger; clients catch up from the log.
 */
export async function publish(event: DomainEvent): Promise<void> {
  const log = eventLog;
  if (log) {
    try {
      // Named in the request's Server-Timing: the log's insert runs outside the request's context, so its
      // round trip is not among the request's database round trips.
      await timing('eventLog', () => log(event));
    } catch (err) {
      currentLogger().error({ err, eventType: event.type, countyCode: event.countyCode }, 'event log write failed');
    }
  }
  for (const subscriber of subscribers) startFollowUp(subscriber, event);
}

/** Adds a follow-up subscriber (run after the publisher's answer); returns a function that removes it. */
export function subscribe(subscriber: EventSubscriber): () => void {
  subscribers.add(subscriber);
  return () => subscribers.delete(subscriber);
}

/** Makes `log` the subscriber every publish waits for (once per process: the event log). */
export function setEventLog(log: EventSubscriber): void {
  eventLog = log;
}

/**
 * Resolves once every follow-up started so far has finished, including follow-ups of events those
 * follow-ups published themselves (tests, graceful shutdown before the database closes).
 */
export async function followUpsSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight]);
}
