import { Schema } from 'mongoose';
import { defineModel, trusted } from '../shared/model.js';

/** One running instance of the service (see peers.ts): a handful of rows, one per instance. */
export interface PresenceDoc {
  /** The instance id (events/log.ts INSTANCE_ID). */
  _id: string;
  startedAt: Date;
  seenAt: Date;
}

const PresenceModel = defineModel<PresenceDoc>('InstancePresence', {
  _id: { type: Schema.Types.Mixed },
  startedAt: { type: Date, required: true },
  seenAt: { type: Date, required: true },
});

export const presence = {
  /** Marks an instance alive now (by _id, created on the first beat). */
  async beat(id: string, startedAt: Date, now: Date): Promise<void> {
    await PresenceModel.updateOne({ _id: id }, { $set: { seenAt: now }, $setOnInsert: { startedAt } }, { upsert: true });
  },

  /** Instances seen since `since` (the table holds a row per running instance: reading it all is cheap). */
  aliveSince(since: Date): Promise<PresenceDoc[]> {
    return PresenceModel.find({ seenAt: trusted({ $gte: since }) })
      .lean<PresenceDoc[]>()
      .exec();
  },

  /** Removes the rows of instances not seen since `cutoff` (crashed ones). */
  async forgetBefore(cutoff: Date): Promise<void> {
    await PresenceModel.deleteMany({ seenAt: trusted({ $lt: cutoff }) });
  },

  /** Removes an instance's row (on shutdown); rows of crashed instances age out. */
  async leave(id: string): Promise<void> {
    await PresenceModel.deleteOne({ _id: id });
  },
};
