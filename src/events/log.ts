import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { isDuplicateKey } from '../shared/db-errors.js';
import { logFailure } from '../shared/log-failure.js';
import { setEventLog } from './bus.js';
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

/** Listeners told about each stored event record (the live server's local fan-out). */
type RecordedListener = (records: WireEvent[]) => Promise<void> | void;
const recordedListeners = new Set<RecordedListener>();

// The last sequence number stored per room by this process. Seeded from the database once per room
// (and again after another instance took a number), then advanced in memory.
const lastSeqOf = new Map<string, number>();

/**
 * Every room's highest sequence number as the database held it when this process first needed one: one
 * pass over the log instead of one per room (each a full scan on FerretDB: after a restart, every
 * volunteer's first event and every socket's first connection paid one). Another instance may have
 * numbered further since: a record numbered from here then meets the unique index, and that room is
 * re-read on its own (`staleRooms`).
 */
let headsAtStart: Promise<Map<string, number>> | undefined;
/** Rooms another instance numbered past what this process knew: their next seed is read afresh. */
const staleRooms = new Set<string>();

function heads(): Promise<Map<string, number>> {
  headsAtStart ??= eventRecords.highestSeqs().catch((err: unknown) => {
    headsAtStart = undefined;
    throw err;
  });
  return headsAtStart;
}

async function seedSeq(room: string): Promise<number> {
  if (staleRooms.has(room)) {
    const seq = await eventRecords.highestSeq(room);
    staleRooms.delete(room);
    return seq;
  }
  return (await heads()).get(room) ?? 0;
}

/** Starts reading the rooms' positions at boot, so the first event or connection does not wait for it. */
export function warmRoomSequences(): Promise<void> {
  return heads().then(() => undefined);
}

/** One event being stored: resolved once the record of each of its rooms is. */
interface PendingEvent {
  eventId: string;
  event: DomainEvent;
  records: WireEvent[];
  left: number;
  failed: boolean;
  resolve: (records: WireEvent[]) => void;
  reject: (err: unknown) => void;
}

/** One room's record of an event, waiting for its sequence number and its insert. */
interface PendingRecord {
  pending: PendingEvent;
  room: string;
  /** Position in the event's rooms (the order recordEvent answers in). */
  index: number;
  attempts: number;
}

/** Records waiting per room, in publish order: a room's records are numbered in this order. */
const queues = new Map<string, PendingRecord[]>();
/** Rooms that lost a sequence number to another instance wait a short random pause before retrying. */
const pausedUntil = new Map<string, number>();
let writing = false;
let scheduled = false;
let wakeUp: NodeJS.Timeout | undefined;

/**
 * A batch carries many requests' events: it runs outside the async context of whichever request happened
 * to start it, so what it logs is not filed under that request's id.
 */
const outsideRequests = AsyncLocalStorage.snapshot();

/** Records per insertMany at most: a very large burst goes out in a few batches rather than one huge command. */
const MAX_BATCH = 2000;

/** Several instances writing one room can make a writer lose many times in a row; after this many it gives up. */
const MAX_ATTEMPTS = 50;

function fail(pending: PendingEvent, err: unknown): void {
  if (pending.failed) return;
  pending.failed = true;
  pending.reject(err);
}

/**
 * Group commit: the records of every event published in the same turn of the event loop, or while the
 * previous batch was being written, go out in one insertMany (one SQLite write transaction, however many).
 */
function scheduleWrite(): void {
  if (writing || scheduled) return;
  scheduled = true;
  setImmediate(() =>
    outsideRequests(() => {
      scheduled = false;
      void writeQueued();
    }),
  );
}

/** Takes every waiting record of the rooms not pausing; arms a wake-up for the paused ones. */
function takeReady(now: number): PendingRecord[] {
  const batch: PendingRecord[] = [];
  let nextWake = Infinity;
  for (const [room, queue] of queues) {
    const until = pausedUntil.get(room) ?? 0;
    if (until > now) {
      nextWake = Math.min(nextWake, until);
      continue;
    }
    if (batch.length >= MAX_BATCH) break;
    pausedUntil.delete(room);
    const taken = queue.splice(0, MAX_BATCH - batch.length);
    batch.push(...taken);
    if (queue.length === 0) queues.delete(room);
  }
  if (nextWake !== Infinity && batch.length === 0 && !wakeUp) {
    wakeUp = setTimeout(
      () => {
        wakeUp = undefined;
        scheduleWrite();
      },
      Math.max(0, nextWake - now),
    );
  }
  return batch;
}

async function writeQueued(): Promise<void> {
  writing = true;
  try {
    for (;;) {
      const batch = takeReady(Date.now());
      if (batch.length === 0) return;
      try {
        await writeBatch(batch);
      } catch (err) {
        // Not a failed insert (those are settled per record): a fault of the writer itself. Nobody may wait forever.
        for (const record of batch) {
          lastSeqOf.delete(record.room);
          staleRooms.add(record.room);
          fail(record.pending, err);
        }
      }
    }
  } finally {
    writing = false;
    // Records queued while the last batch was in flight and a pause ending meanwhile are picked up here.
    if ([...queues.keys()].some((room) => (pausedUntil.get(room) ?? 0) <= Date.now())) scheduleWrite();
  }
}

/** Numbers a batch per room, stores it in one insertMany, and settles or requeues each record. */
async function writeBatch(batch: PendingRecord[]): Promise<void> {
  const live = batch.filter((r) => !r.pending.failed);
  const rooms = [...new Set(live.map((r) => r.room))];
  const unseeded = rooms.filter((room) => !lastSeqOf.has(room));
  const seeds = await Promise.allSettled(unseeded.map(seedSeq));
  const seedFailed = new Map<string, unknown>();
  seeds.forEach((s, i) => {
    if (s.status === 'fulfilled') lastSeqOf.set(unseeded[i]!, s.value);
    else seedFailed.set(unseeded[i]!, s.reason);
  });

  const next = new Map<string, number>();
  const numbered: Array<{ record: PendingRecord; doc: EventRecordDoc }> = [];
  const createdAt = new Date();
  for (const record of live) {
    if (seedFailed.has(record.room)) {
      fail(record.pending, seedFailed.get(record.room));
      continue;
    }
    const seq = (next.get(record.room) ?? lastSeqOf.get(record.room)!) + 1;
    next.set(record.room, seq);
    const { event, eventId } = record.pending;
    numbered.push({
      record,
      doc: {
        _id: new Types.ObjectId(),
        eventId,
        room: record.room,
        seq,
        type: event.type,
        countyCode: event.countyCode,
        payload: event.payload,
        origin: INSTANCE_ID,
        createdAt,
      },
    });
  }

  const failures = await eventRecords.insertMany(numbered.map((n) => n.doc));
  const stored: WireEvent[] = [];
  const complete: PendingEvent[] = [];
  const lostRooms = new Set<string>();
  const retry = new Map<string, PendingRecord[]>();
  numbered.forEach(({ record, doc }, i) => {
    const failure = failures[i];
    if (!failure) {
      const wire = toWire(doc);
      stored.push(wire);
      const pending = record.pending;
      pending.records[record.index] = wire;
      if (--pending.left === 0 && !pending.failed) complete.push(pending);
      return;
    }
    // The room's position is unknown now (another instance took this number, or the write failed):
    // re-read where it stands before numbering its next record.
    lostRooms.add(record.room);
    if (!isDuplicateKey(failure.err)) return fail(record.pending, failure.err);
    if (++record.attempts >= MAX_ATTEMPTS) return fail(record.pending, failure.err);
    const list = retry.get(record.room) ?? [];
    list.push(record);
    retry.set(record.room, list);
  });
  for (const room of rooms) {
    if (lostRooms.has(room)) {
      lastSeqOf.delete(room);
      staleRooms.add(room);
    } else if (next.has(room)) lastSeqOf.set(room, next.get(room)!);
  }
  // Failed records go back to the front of their room's queue (publish order holds within the process);
  // a short random pause lets the other instance through instead of colliding again.
  const now = Date.now();
  for (const [room, list] of retry) {
    queues.set(room, [...list, ...(queues.get(room) ?? [])]);
    const attempts = Math.max(...list.map((r) => r.attempts));
    pausedUntil.set(room, now + Math.random() * 5 * Math.min(attempts, 10));
  }

  // Live push, before the publishers hear back: within a room the records are in sequence order (numbered
  // in queue order, and a retried record gets a number above every record of the room stored before it).
  if (stored.length > 0) {
    for (const listener of recordedListeners) {
      try {
        await listener(stored);
      } catch (err) {
        logFailure('pushing stored event records', { records: stored.length })(err);
      }
    }
  }
  for (const pending of complete) pending.resolve(pending.records);
}

/**
 * Stores a domain event once per room of its audience, each with the room's next sequence number;
 * resolves once every record is stored (they go out with the other events of the same moment).
 */
export function recordEvent(event: DomainEvent): Promise<WireEvent[]> {
  const rooms = [...new Set(roomsOf(event.audience))];
  if (rooms.length === 0) return Promise.resolve([]);
  return new Promise<WireEvent[]>((resolve, reject) => {
    const pending: PendingEvent = { eventId: randomUUID(), event, records: [], left: rooms.length, failed: false, resolve, reject };
    rooms.forEach((room, index) => {
      const queue = queues.get(room) ?? [];
      queue.push({ pending, room, index, attempts: 0 });
      queues.set(room, queue);
    });
    scheduleWrite();
  });
}

/** Forgets the sequence numbers this process holds (tests: behave as a freshly started instance). */
export function forgetRoomSequences(): void {
  lastSeqOf.clear();
  staleRooms.clear();
  headsAtStart = undefined;
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

/**
 * Scheduled deletion of old events (FerretDB has no TTL indexes). Each room's counter is raised to the
 * highest sequence number being deleted first: the counter is the floor that survives the purge, so a
 * room whose records are all gone goes on numbering above what its clients have seen (they skip any
 * number at or below their last one). Raising it here, not per event, keeps it off the write path.
 */
export async function purgeEventsBefore(cutoff: Date): Promise<number> {
  await eventRecords.unscoped.raiseCounters(await eventRecords.unscoped.highestSeqsCreatedBefore(cutoff));
  return eventRecords.unscoped.deleteCreatedBefore(cutoff);
}

let logging = false;

/**
 * Makes the event log the subscriber every publish waits for (once per process): every domain event is
 * stored per room before anyone is told about it, so a client that missed it can catch up.
 */
export function ensureEventLog(): void {
  if (logging) return;
  logging = true;
  // The writer tells the recorded listeners (live push) as each batch is stored.
  setEventLog(async (event) => {
    await recordEvent(event);
  });
}

/** Registers a listener for stored event records; returns its removal. */
export function onRecorded(listener: RecordedListener): () => void {
  recordedListeners.add(listener);
  return () => recordedListeners.delete(listener);
}
