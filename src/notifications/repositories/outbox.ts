import type { Types } from 'mongoose';
import { isDuplicateKey } from '../../shared/db-errors.js';
import { defineModel, trusted } from '../../shared/model.js';
import type { MessageFields, RecipientKind } from '../messages.js';
import type { ChannelKind } from './channels.js';

/**
 * pending: waiting for its next attempt (maybe deferred by quiet hours or the daily cap);
 * sending: an attempt is in flight (leaseUntil bounds it); sent; dead: gave up after N attempts;
 * suppressed: the person switched this channel off.
 */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'dead' | 'suppressed';

/** One message to one recipient on one channel, written when the event is published. */
export interface OutboxDoc {
  _id: Types.ObjectId;
  /** `${eventKey}|${recipientKind}:${recipientId}|${channel}`: unique, so a re-delivered event adds nothing. */
  dedupeKey: string;
  eventKey: string;
  eventType: string;
  countyCode: string;
  stationCode: string | null;
  recipientKind: RecipientKind;
  recipientId: string;
  channel: ChannelKind;
  urgent: boolean;
  /** Category, village, urgency and time only: never a beneficiary's name, phone or address. */
  fields: MessageFields;
  status: OutboxStatus;
  /** Attempts made so far, over the item's life; attempt numbers are claimed and never reused. */
  attempts: number;
  /** `attempts` when an admin last retried a dead letter: the dead-letter limit counts from here. */
  attemptBase: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  /** Why the item waits (quiet hours, daily cap), for the admin page. */
  deferredReason: string | null;
  lastError: string | null;
  sentAt: Date | null;
  /** China day (YYYY-MM-DD) of the send, for the daily cap. */
  sentDay: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const OutboxModel = defineModel<OutboxDoc>(
  'NotificationOutbox',
  {
    dedupeKey: { type: String, required: true },
    eventKey: { type: String, required: true },
    eventType: { type: String, required: true },
    countyCode: { type: String, required: true },
    stationCode: { type: String, default: null },
    recipientKind: { type: String, required: true },
    recipientId: { type: String, required: true },
    channel: { type: String, required: true },
    urgent: { type: Boolean, default: false },
    fields: { _id: false, heading: String, category: String, village: String, urgency: String, time: String },
    status: { type: String, required: true },
    attempts: { type: Number, default: 0 },
    attemptBase: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    leaseUntil: { type: Date, default: null },
    deferredReason: { type: String, default: null },
    lastError: { type: String, default: null },
    sentAt: { type: Date, default: null },
    sentDay: { type: String, default: null },
  },
  [
    [{ dedupeKey: 1 }, { unique: true }],
    [{ status: 1, nextAttemptAt: 1 }],
    [{ countyCode: 1, status: 1, _id: -1 }],
    [{ recipientKind: 1, recipientId: 1, channel: 1, sentDay: 1 }],
  ],
);

/** One attempt number of one item, claimed before the provider is called: two workers never send the same attempt. */
const AttemptClaimModel = defineModel<{ _id: Types.ObjectId; outboxId: string; attempt: number }>(
  'NotificationAttemptClaim',
  { outboxId: { type: String, required: true }, attempt: { type: Number, required: true } },
  [[{ outboxId: 1, attempt: 1 }, { unique: true }]],
);

export type NewOutboxItem = Omit<
  OutboxDoc,
  | '_id'
  | 'status'
  | 'attempts'
  | 'attemptBase'
  | 'leaseUntil'
  | 'deferredReason'
  | 'lastError'
  | 'sentAt'
  | 'sentDay'
  | 'createdAt'
  | 'updatedAt'
>;

/** The notification outbox. */
export const outbox = {
  /** Adds an item unless its dedupe key exists; returns whether it was added. */
  async add(item: NewOutboxItem): Promise<boolean> {
    try {
      await OutboxModel.create({ ...item, status: 'pending', attempts: 0, attemptBase: 0 });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  },

  /** Items due for an attempt: pending and due, or sending with a lapsed lease (the sender died). */
  async due(now: Date, limit: number): Promise<OutboxDoc[]> {
    return OutboxModel.find(
      trusted({
        $or: [
          { status: 'pending' as OutboxStatus, nextAttemptAt: trusted({ $lte: now }) },
          { status: 'sending' as OutboxStatus, leaseUntil: trusted({ $lte: now }) },
        ],
      }),
    )
      .sort({ nextAttemptAt: 1 })
      .limit(limit)
      .lean<OutboxDoc[]>();
  },

  async get(id: string): Promise<OutboxDoc | null> {
    return OutboxModel.findById(id).lean<OutboxDoc>();
  },

  /** Claims attempt number `attempt` of an item; false when another worker holds it. */
  async claimAttempt(outboxId: string, attempt: number): Promise<boolean> {
    try {
      await AttemptClaimModel.create({ outboxId, attempt });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  },

  async update(id: Types.ObjectId | string, set: Partial<OutboxDoc>): Promise<void> {
    await OutboxModel.updateOne({ _id: id }, { $set: set });
  },

  /** SMS sent to a person on a China day (the daily cap counts them). */
  async sentOn(recipientKind: RecipientKind, recipientId: string, channel: ChannelKind, day: string): Promise<number> {
    return OutboxModel.countDocuments({ recipientKind, recipientId, channel, sentDay: day, status: 'sent' });
  },

  /** A county's items in one status, newest first. */
  async listByStatus(countyCode: string, status: OutboxStatus, limit: number, before?: string): Promise<OutboxDoc[]> {
    const filter: Record<string, unknown> = { countyCode, status };
    if (before) filter._id = trusted({ $lt: before });
    return OutboxModel.find(filter).sort({ _id: -1 }).limit(limit).lean<OutboxDoc[]>();
  },

  /** Deletes sent and suppressed items older than `cutoff` (FerretDB has no TTL indexes); dead letters stay for the admin. */
  async purgeFinishedBefore(cutoff: Date): Promise<number> {
    const res = await OutboxModel.deleteMany({
      status: trusted({ $in: ['sent', 'suppressed'] as OutboxStatus[] }),
      updatedAt: trusted({ $lt: cutoff }),
    });
    return res.deletedCount;
  },

  /** Every item of an event key (tests and the admin page). */
  async byEventKey(eventKey: string): Promise<OutboxDoc[]> {
    return OutboxModel.find({ eventKey }).sort({ _id: 1 }).lean<OutboxDoc[]>();
  },
};
