import { randomUUID } from 'node:crypto';
import type { Types } from 'mongoose';
import { isDuplicateKey } from '../shared/db-errors.js';
import { logFailure } from '../shared/log-failure.js';
import { subscribe } from './bus.js';
import { eventRecords, type EventRecordDoc } from './repository.js';
import { roomsOf } from './rooms.js';
import type { DomainEvent, EventType } from './types.js';

export type { EventRecordDoc } from './repository.js';

/** What clients receive for each event. */
export interface WireEvent {
  id: string;
  room: string;
  seq: number;
  type: EventType;
  payload: Record<string, unknown>;
  at: string;
}

/** Converts a stored record into what goes over the socket. */
export function toWire(r: Pick<EventRecordDoc, 'eventId' | 'room' | 'seq' | 'type' | 'payload' | 'createdAt'>): WireEvent {
  return { id: r.eventId, room: r.room, seq: r.seq, type: r.type, payload: r.payload, at: new Date(r.createdAt).toISOString() };
}

/** This process's identity in the event log. */
export const INSTANCE_ID = randomUUID();

// Within one process, events of a room are numbered and stored one at a time so that live delivery
// follows sequence order; across instances the log (gap fill on the client) keeps the order.
const roomChains = new Map<string, Promise<unknown>>();

function inRoomOrder<T>(room: string, work: () => Promise<T>): Promise<T> {
  const previous = roomChains.get(room) ?? Promise.resolve();
  const next = previous.then(work, work);
  // The chain only orders the work; the caller of `next` sees (and handles) its failure.
  roomChains.set(
    room,
    next.then(
      () => undefined,
      () => undefined,
    ),
  );
  void next.finally(() => {
    if (roomChains.get(room) === next) roomChains.delete(room);
  });
  return next;
}

// The last sequence number handed out per room by this process. Seeded from the database once per
// room, then advanced in memory: one insert per event instead of a counter round trip as well.
const lastSeqOf = new Map<string, number>();

function seedSeq(room: string): Promise<number> {
  return eventRecords.highestSeq(room);
}

/** Stores a domain event once per room of its audience, each with the room's next sequence number. */
export async function recordEvent(event: DomainEvent): Promise<WireEvent[]> {
  const eventId = randomUUID();
  const rooms = [...new Set(roomsOf(event.audience))];
  return Promise.all(
    rooms.map((room) =>
      inRoomOrder(room, async () => {
        for (let attempt = 0; ; attempt++) {
          if (!lastSeqOf.has(room)) lastSeqOf.set(room, await seedSeq(room));
          const seq = lastSeqOf.get(room)! + 1;
          try {
            const doc = await eventRecords.insert({
              eventId,
              room,
              seq,
              type: event.type,
              countyCode: event.countyCode,
              payload: event.payload,
              origin: INSTANCE_ID,
            });
            lastSeqOf.set(room, seq);
            // The counter is a floor that survives the purge of old events; it need not block delivery.
            void eventRecords.raiseCounter(room, seq).catch(logFailure('raising the room counter', { room, seq }));
            return toWire(doc);
          } catch (err) {
            // Another instance took this number (unique room+seq): re-read where the room stands. Several
            // instances writing one room can make a writer lose many times in a row; a short random pause
            // lets it through instead of dropping the event after a few tries.
            if (!isDuplicateKey(err) || attempt >= 50) throw err;
            lastSeqOf.delete(room);
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * Math.min(attempt + 1, 10)));
          }
        }
      }),
    ),
  );
}

/** Events of a room after a sequence number, in order (reconnect catch-up). */
export async function eventsSince(room: string, afterSeq: number, limit = 1000): Promise<WireEvent[]> {
  const rows = await eventRecords.since(room, afterSeq, limit);
  return rows.map(toWire);
}

/** The latest sequence number of each room (0 when none). */
export async function latestSeqs(rooms: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  await Promise.all(rooms.map(async (room) => (out[room] = lastSeqOf.get(room) ?? (await seedSeq(room)))));
  return out;
}

/** Events written by other instances after a given record id (cross-instance delivery). */
export async function foreignEventsAfter(afterId: Types.ObjectId | undefined, limit = 500): Promise<EventRecordDoc[]> {
  return eventRecords.foreignAfter(INSTANCE_ID, afterId, limit);
}

/** Scheduled deletion of old events (FerretDB has no TTL indexes). */
export async function purgeEventsBefore(cutoff: Date): Promise<number> {
  return eventRecords.unscoped.deleteCreatedBefore(cutoff);
}

/** Listeners told about each stored event record (the live server's local fan-out). */
type RecordedListener = (records: WireEvent[]) => Promise<void> | void;
const recordedListeners = new Set<RecordedListener>();
let logging = false;

/**
 * Makes the event log the bus's first subscriber (once per process): every domain event is stored
 * per room before anyone is told about it, so a client that missed it can catch up.
 */
export function ensureEventLog(): void {
  if (logging) return;
  logging = true;
  subscribe(async (event) => {
    const records = await recordEvent(event);
    for (const listener of recordedListeners) await listener(records);
  });
}

/** Registers a listener for stored event records; returns its removal. */
export function onRecorded(listener: RecordedListener): () => void {
  recordedListeners.add(listener);
  return () => recordedListeners.delete(listener);
}

/** The newest record id, where a new instance starts tailing other instances' events. */
export async function newestRecordId(): Promise<Types.ObjectId | undefined> {
  return eventRecords.newestId();
}
