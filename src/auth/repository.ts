import { Types } from 'mongoose';
import { isDuplicateKey } from '../shared/db-errors.js';
import { idOf, trusted } from '../shared/model.js';
import type { Role } from './actor.js';
import { SessionModel, UserModel, type SessionDoc, type SessionEnd, type UserDoc } from './models.js';

/** The fields of a new account; the password arrives already hashed. */
export type NewUser = Omit<UserDoc, '_id' | 'disabled' | 'mustChangePassword' | 'passwordChangedAt' | 'createdAt' | 'updatedAt'>;

/** Accounts. Usernames are unique (a phone number for volunteers, organisations and charities). */
export const users = {
  findByUsername(username: string): Promise<UserDoc | null> {
    return UserModel.findOne({ username }).lean<UserDoc>().exec();
  },

  findById(id: string): Promise<UserDoc | null> {
    if (!Types.ObjectId.isValid(id)) return Promise.resolve(null);
    return UserModel.findById(id).lean<UserDoc>().exec();
  },

  async exists(username: string): Promise<boolean> {
    return Boolean(await UserModel.exists({ username }));
  },

  async existsWithRole(role: Role, countyCode: string): Promise<boolean> {
    return Boolean(await UserModel.exists({ role, countyCode }));
  },

  /** Creates an account, or returns null when the username is taken (also when a concurrent insert won). */
  async create(user: NewUser): Promise<UserDoc | null> {
    try {
      const created = await UserModel.create(user);
      return created.toObject<UserDoc>();
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  },

  /** Replaces the password hash; `mustChange` marks a reset by the county admin. */
  async setPassword(id: string, passwordHash: string, mustChange: boolean, at = new Date()): Promise<void> {
    await UserModel.updateOne({ _id: id }, { $set: { passwordHash, mustChangePassword: mustChange, passwordChangedAt: at } });
  },

  listInCounty(countyCode: string, limit = 1000): Promise<UserDoc[]> {
    return UserModel.find({ countyCode }).sort({ createdAt: 1 }).limit(limit).lean<UserDoc[]>().exec();
  },
};

/** Signed-in sessions and their families (see SessionDoc). */
export const sessions = {
  /** Opens a session; without a family it starts one of its own. */
  async open(props: { userId: string; refreshTokenHash: string; expiresAt: Date; familyId?: string }): Promise<SessionDoc> {
    const _id = new Types.ObjectId();
    const created = await SessionModel.create({ _id, ...props, familyId: props.familyId ?? String(_id) });
    return created.toObject<SessionDoc>();
  },

  /** The session a refresh token belongs to, live or not (reuse detection needs the rotated ones). */
  findByRefreshHash(refreshTokenHash: string): Promise<SessionDoc | null> {
    return SessionModel.findOne({ refreshTokenHash }).lean<SessionDoc>().exec();
  },

  /**
   * Whether a session exists and is not revoked. Every authenticated request asks, so it reads by `_id`
   * alone (the only filter FerretDB answers from the index) and checks `revokedAt` here.
   */
  async isLive(id: string): Promise<boolean> {
    if (!Types.ObjectId.isValid(id)) return false;
    const doc = await SessionModel.findById(id, { revokedAt: 1 }).lean<Pick<SessionDoc, 'revokedAt'>>();
    return doc !== null && doc.revokedAt == null;
  },

  /**
   * Revokes a live session (a revoked one keeps its first reason). Read, checked and written by `_id`;
   * the rotation that revokes with 'rotated' claims the session first (auth/service.ts), so it has one winner.
   */
  async revoke(id: string, reason: SessionEnd, at = new Date()): Promise<void> {
    if (!(await sessions.isLive(id))) return;
    await SessionModel.updateOne({ _id: id }, { $set: { revokedAt: at, revokedReason: reason } });
  },

  /**
   * Ends every session of a family (the session itself when it predates families) and returns
   * their ids, so open sockets of any of them can be closed.
   */
  async endFamily(session: Pick<SessionDoc, '_id' | 'familyId'>, reason: SessionEnd, at = new Date()): Promise<string[]> {
    if (!session.familyId) {
      // A lone session: one record, read and written by `_id` alone.
      const id = String(session._id);
      await sessions.revoke(id, reason, at);
      const ended = await SessionModel.findByIdAndUpdate(session._id, { $set: { familyEndedAt: at } }, { projection: { _id: 1 } }).lean();
      return ended ? [id] : [];
    }
    const filter = { familyId: session.familyId };
    await SessionModel.updateMany({ ...filter, revokedAt: null }, { $set: { revokedAt: at, revokedReason: reason } });
    await SessionModel.updateMany(filter, { $set: { familyEndedAt: at } });
    const rows = await SessionModel.find(filter, { _id: 1 }).lean<Array<Pick<SessionDoc, '_id'>>>();
    return rows.map(idOf);
  },

  /**
   * Ends every session of an account (every family), except those of `keepFamily` when given, and
   * returns the ids of the sessions ended, so their sockets close.
   */
  async endAllOfUser(userId: string, reason: SessionEnd, keepFamily?: string, at = new Date()): Promise<string[]> {
    const rows = await SessionModel.find({ userId, familyEndedAt: null }, { _id: 1, familyId: 1 }).lean<
      Array<Pick<SessionDoc, '_id' | 'familyId'>>
    >();
    const ending = rows.filter((s) => !keepFamily || (s.familyId ?? idOf(s)) !== keepFamily).map(idOf);
    if (ending.length === 0) return [];
    await SessionModel.updateMany({ _id: trusted({ $in: ending }), revokedAt: null }, { $set: { revokedAt: at, revokedReason: reason } });
    await SessionModel.updateMany({ _id: trusted({ $in: ending }) }, { $set: { familyEndedAt: at } });
    return ending;
  },

  findById(id: string): Promise<SessionDoc | null> {
    if (!Types.ObjectId.isValid(id)) return Promise.resolve(null);
    return SessionModel.findById(id).lean<SessionDoc>().exec();
  },

  /**
   * Of the given session ids, those a socket may no longer use: their family ended, or they
   * expired. A session merely rotated by a refresh is not among them (the socket keeps its rooms).
   */
  async ended(ids: string[], now = new Date()): Promise<string[]> {
    const valid = ids.filter((id) => Types.ObjectId.isValid(id));
    if (valid.length === 0) return [];
    // sanitizeFilter is on: every operator object is marked trusted on its own.
    const rows = await SessionModel.find({ _id: trusted({ $in: valid }) }, { _id: 1, familyEndedAt: 1, expiresAt: 1 }).lean<
      Array<Pick<SessionDoc, '_id' | 'familyEndedAt' | 'expiresAt'>>
    >();
    const live = new Set(rows.filter((s) => !s.familyEndedAt && s.expiresAt > now).map(idOf));
    // A session that no longer exists at all is ended too.
    return valid.filter((id) => !live.has(id));
  },
};
