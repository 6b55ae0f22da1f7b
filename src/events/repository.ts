import type { Types } from 'mongoose';
import { defineModel, trusted } from '../shared/model.js';
import type { EventType } from './types.js';

/** One event as stored for one room, with that room's sequence number. */
export interface EventRecordDoc {
  _id: Types.ObjectId;
  /** Shared by the copies of one domain event in several rooms. */
  eventId: string;
  room: string;
  seq: number;
  type: EventType;
  countyCode: string;
  payload: Record<string, unknown>;
  /** Instance that wrote it: other instances deliver it from the log, this one at once. */
  origin: string;
  createdAt: Date;
}

const EventRecordModel = defineModel<EventRecordDoc>(
  'EventRecord',
  {
    eventId: { type: String, required: true },
    room: { type: String, required: true },
    seq: { type: Number, required: true },
    type: { type: String, required: true },
    countyCode: { type: String, required: true },
    payload: { type: Object, default: {} },
    origin: { type: String, required: true },
  },
  [[{ room: 1, seq: 1 }, { unique: true }], [{ createdAt: 1 }], [{ _id: 1, origin: 1 }]],
);

interface RoomCounterDoc {
  _id: string;
  seq: number;
}

/** Per-room floors of the sequence numbers, surviving the purge of old events. */
const RoomCounterModel = defineModel<RoomCounterDoc>('RoomCounter', { _id: String, seq: Number });

/** A record as written; the writer chooses _id and createdAt so it can push the record without reading it back. */
export type NewEventRecord = EventRecordDoc;

/** A unique-index violation or another failure of one record of an unordered insert. */
export interface RecordWriteFailure {
  err: unknown;
}

/**
 * The stored event log: every event per room with the room's sequence number. Not station-owned
 * data in the ScopedRepository sense: rooms are the scope, chosen by the server from verified claims.
 */
export const eventRecords = {
  /**
   * Inserts records in ONE unordered insertMany (one SQLite write transaction for the lot). Returns, per
   * record, null when stored or the failure (a duplicate key means another instance took the room's
   * sequence number). A failure of the whole command fails every record.
   */
  async insertMany(records: NewEventRecord[]): Promise<Array<RecordWriteFailure | null>> {
    const out: Array<RecordWriteFailure | null> = records.map(() => null);
    if (records.length === 0) return out;
    try {
      // lean: the records are built by the event writer (ids and dates included); no hydration per record.
      await EventRecordModel.insertMany(
        records.map((r) => ({ ...r, updatedAt: r.createdAt })),
        { ordered: false, lean: true },
      );
    } catch (err) {
      const writeErrors = (err as { writeErrors?: Array<{ index: number }> }).writeErrors;
      if (!Array.isArray(writeErrors) || writeErrors.length === 0) return records.map(() => ({ err }));
      for (const writeError of writeErrors) out[writeError.index] = { err: writeError };
    }
    return out;
  },

  /** The highest sequence number a room has seen: its newest record or its counter, whichever is higher. */
  async highestSeq(room: string): Promise<number> {
    const [counter, newest] = await Promise.all([
      RoomCounterModel.findOne({ _id: room }).lean<RoomCounterDoc>(),
      EventRecordModel.findOne({ room }, { seq: 1 }).sort({ seq: -1 }).lean<{ seq: number }>(),
    ]);
    return Math.max(counter?.seq ?? 0, newest?.seq ?? 0);
  },

  /**
   * The highest sequence number of every room: its newest record or its counter, whichever is higher.
   * One pass over the records and the counters (FerretDB scans for any filter but _id, so a per-room
   * query would be a scan per room): read once per process, then the process keeps count itself.
   */
  async highestSeqs(): Promise<Map<string, number>> {
    const [records, counters] = await Promise.all([
      EventRecordModel.find({}, { room: 1, seq: 1, _id: 0 }).lean<Array<{ room: string; seq: number }>>().exec(),
      RoomCounterModel.find({}).lean<RoomCounterDoc[]>().exec(),
    ]);
    const out = new Map<string, number>();
    for (const r of [...records, ...counters.map((c) => ({ room: c._id, seq: c.seq }))]) {
      out.set(r.room, Math.max(out.get(r.room) ?? 0, r.seq));
    }
    return out;
  },

  /** Records of a room after a sequence number, in order. */
  since(room: string, afterSeq: number, limit: number): Promise<EventRecordDoc[]> {
    return EventRecordModel.find({ room, seq: trusted({ $gt: afterSeq }) })
      .sort({ seq: 1 })
      .limit(limit)
      .lean<EventRecordDoc[]>()
      .exec();
  },

  /** Records written by instances other than `origin` after a record id, in insertion order. */
  foreignAfter(origin: string, afterId: Types.ObjectId | undefined, limit: number): Promise<EventRecordDoc[]> {
    const filter = afterId ? { _id: trusted({ $gt: afterId }), origin: trusted({ $ne: origin }) } : { origin: trusted({ $ne: origin }) };
    return EventRecordModel.find(filter).sort({ _id: 1 }).limit(limit).lean<EventRecordDoc[]>().exec();
  },

  /** Unscoped maintenance, for the purge job only. */
  unscoped: {
    /** The highest sequence number per room among records created before cutoff. */
    async highestSeqsCreatedBefore(cutoff: Date): Promise<Map<string, number>> {
      // FerretDB 1.x has no $max accumulator: read room and seq of the old records and take the maxima here.
      const rows = await EventRecordModel.find({ createdAt: trusted({ $lt: cutoff }) }, { room: 1, seq: 1, _id: 0 })
        .lean<Array<{ room: string; seq: number }>>()
        .exec();
      const out = new Map<string, number>();
      for (const r of rows) out.set(r.room, Math.max(out.get(r.room) ?? 0, r.seq));
      return out;
    },

    /** Raises each room's counter to at least the given sequence number, in one command. */
    async raiseCounters(floors: Map<string, number>): Promise<void> {
      if (floors.size === 0) return;
      await RoomCounterModel.bulkWrite(
        [...floors].map(([room, seq]) => ({ updateOne: { filter: { _id: room }, update: { $max: { seq } }, upsert: true } })),
        { ordered: false },
      );
    },

    /** Deletes records created before cutoff (FerretDB has no TTL indexes). */
    async deleteCreatedBefore(cutoff: Date): Promise<number> {
      const res = await EventRecordModel.deleteMany({ createdAt: trusted({ $lt: cutoff }) });
      return res.deletedCount ?? 0;
    },
  },
};
