import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { publish } from '../../src/events/bus.js';
import {
  ensureEventLog,
  eventsSince,
  forgetRoomSequences,
  latestSeqs,
  onRecorded,
  purgeEventsBefore,
  warmRoomSequences,
  type WireEvent,
} from '../../src/events/log.js';
import { eventRecords } from '../../src/events/repository.js';
import { stationRoom, volunteerRoom } from '../../src/events/rooms.js';
import type { DomainEvent } from '../../src/events/types.js';
import { useTestDatabase } from '../helpers/db.js';

useTestDatabase();

const COUNTY = '620723';
const STATIONS = ['620723101', '620723104'];
const VOLUNTEER = new Types.ObjectId().toHexString();
const ROOMS = [...STATIONS.map(stationRoom), volunteerRoom(VOLUNTEER)];

// What this process pushed live, in the order it pushed it.
const pushed: WireEvent[] = [];
let stopListening: () => void;

beforeAll(() => {
  ensureEventLog();
  stopListening = onRecorded((records) => void pushed.push(...records));
});
afterAll(() => stopListening());

/** Event i goes to one or both stations and, every third, to the volunteer too: rooms shared by many events. */
function probe(i: number): DomainEvent {
  return {
    type: 'need.updated',
    countyCode: COUNTY,
    audience: { stationCodes: i % 2 === 0 ? STATIONS : [STATIONS[i % 4 === 1 ? 0 : 1]!], volunteerIds: i % 3 === 0 ? [VOLUNTEER] : [] },
    payload: { probe: i },
  };
}

/** Every record a room holds after a sequence number (paging through the log). */
async function storedAfter(room: string, afterSeq: number): Promise<WireEvent[]> {
  const out: WireEvent[] = [];
  for (let from = afterSeq; ;) {
    const page = await eventsSince(room, from, 1000);
    out.push(...page);
    if (page.length < 1000) return out;
    from = page.at(-1)!.seq;
  }
}

describe('the event log writer', () => {
  it('stores 200 events published at once with gap-free, unique sequence numbers per room, pushed live in sequence order, even when another instance takes some numbers meanwhile', async () => {
    await publish(probe(0)); // the rooms are known to this process from here on
    const start = await latestSeqs(ROOMS);
    // Another instance (same database, its own memory) writes into the first station's room meanwhile, at
    // numbers this process is about to hand out: those inserts of ours fail on (room, seq) and are retried.
    const foreignRoom = ROOMS[0]!;
    const taken = [start[foreignRoom]! + 3, start[foreignRoom]! + 7, start[foreignRoom]! + 8];
    const failures = await eventRecords.insertMany(
      taken.map((seq) => ({
        _id: new Types.ObjectId(),
        eventId: `foreign-${seq}`,
        room: foreignRoom,
        seq,
        type: 'need.updated' as const,
        countyCode: COUNTY,
        payload: { foreign: seq },
        origin: 'another-instance',
        createdAt: new Date(),
      })),
    );
    expect(failures).toEqual([null, null, null]);
    const pushedBefore = pushed.length;

    const n = 200;
    await Promise.all(Array.from({ length: n }, (_, i) => publish(probe(i + 1))));

    for (const room of ROOMS) {
      const stored = await storedAfter(room, start[room]!);
      const mine = stored.filter((r) => typeof r.payload.probe === 'number');
      const expected = Array.from({ length: n }, (_, i) => probe(i + 1)).filter((e) =>
        [...(e.audience.stationCodes ?? []).map(stationRoom), ...(e.audience.volunteerIds ?? []).map(volunteerRoom)].includes(room),
      );
      // Every event addressed to the room is there once.
      expect(mine.map((r) => r.payload.probe).sort((a, b) => Number(a) - Number(b))).toEqual(expected.map((e) => e.payload.probe));
      // Numbers: unique and gap-free over everything the room holds (ours and the other instance's).
      const seqs = stored.map((r) => r.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => start[room]! + 1 + i));
      if (room === foreignRoom) expect(stored.filter((r) => r.payload.foreign !== undefined).map((r) => r.seq)).toEqual(taken);
      // Live push of this process: each of its records once, in sequence order.
      const live = pushed.slice(pushedBefore).filter((r) => r.room === room);
      expect(live.map((r) => r.seq)).toEqual(mine.map((r) => r.seq));
    }
    // Within a room, this process numbers its events in publish order (a retried record excepted: it
    // goes after what was stored meanwhile, but before anything published later is numbered).
    const second = (await storedAfter(ROOMS[1]!, start[ROOMS[1]!]!)).map((r) => Number(r.payload.probe));
    expect(second).toEqual([...second].sort((a, b) => a - b));
  });

  it('keeps numbering a room above what its clients have seen after the purge deleted all its records (the counter is the floor)', async () => {
    const room = stationRoom(STATIONS[1]!);
    await publish(probe(2));
    const before = (await latestSeqs([room]))[room]!;
    expect(before).toBeGreaterThan(0);

    expect(await purgeEventsBefore(new Date(Date.now() + 60_000))).toBeGreaterThan(0);
    expect(await eventsSince(room, 0)).toEqual([]);
    // A freshly started instance knows nothing of the room but what the database keeps.
    forgetRoomSequences();
    expect((await latestSeqs([room]))[room]).toBe(before);

    await publish(probe(2));
    expect((await eventsSince(room, 0)).map((r) => r.seq)).toEqual([before + 1]);
  });

  it("a freshly started process reads every room's position in one pass, and re-reads only a room another instance numbered past it", async () => {
    await publish(probe(0));
    forgetRoomSequences();
    const perRoom = vi.spyOn(eventRecords, 'highestSeq');
    try {
      await warmRoomSequences();
      const start = await latestSeqs(ROOMS);
      const newcomer = volunteerRoom(new Types.ObjectId().toHexString());
      // Another instance numbers the first station's room after this process read where it stood.
      const foreignRoom = ROOMS[0]!;
      const failures = await eventRecords.insertMany([
        {
          _id: new Types.ObjectId(),
          eventId: 'foreign-after-start',
          room: foreignRoom,
          seq: start[foreignRoom]! + 1,
          type: 'need.updated' as const,
          countyCode: COUNTY,
          payload: { foreign: true },
          origin: 'another-instance',
          createdAt: new Date(),
        },
      ]);
      expect(failures).toEqual([null]);

      await publish({ ...probe(0), audience: { ...probe(0).audience, volunteerIds: [VOLUNTEER, newcomer.slice('volunteer:'.length)] } });
      for (const room of ROOMS.filter((r) => r !== foreignRoom)) {
        expect((await eventsSince(room, start[room]!)).map((r) => r.seq)).toEqual([start[room]! + 1]);
      }
      expect((await eventsSince(foreignRoom, start[foreignRoom]!)).map((r) => r.seq)).toEqual([
        start[foreignRoom]! + 1,
        start[foreignRoom]! + 2,
      ]);
      expect((await eventsSince(newcomer, 0)).map((r) => r.seq)).toEqual([1]);
      // One read per room only where the numbering had moved on without this process.
      expect(perRoom.mock.calls.map(([room]) => room)).toEqual([foreignRoom]);
    } finally {
      perRoom.mockRestore();
    }
  });
});
