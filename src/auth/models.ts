import type { Types } from 'mongoose';
import { defineModel } from '../shared/model.js';
import type { Role } from './actor.js';

/** An account of a person who signs in. */
export interface UserDoc {
  _id: Types.ObjectId;
  username: string;
  passwordHash: string;
  role: Role;
  displayName: string;
  countyCode: string;
  stationCode?: string;
  subjectId?: string;
  disabled: boolean;
  /** Set when the county admin resets the password; cleared when the person sets their own. */
  mustChangePassword?: boolean;
  passwordChangedAt?: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Accounts: username is the login (a phone number for volunteers). Used only by src/auth/repository.ts. */
export const UserModel = defineModel<UserDoc>(
  'User',
  {
    username: { type: String, required: true },
    passwordHash: { type: String, required: true },
    role: { type: String, required: true },
    displayName: { type: String, required: true },
    countyCode: { type: String, required: true },
    stationCode: String,
    subjectId: String,
    disabled: { type: Boolean, default: false },
    mustChangePassword: { type: Boolean, default: false },
    passwordChangedAt: { type: Date, default: null },
  },
  [[{ username: 1 }, { unique: true }], [{ countyCode: 1, role: 1 }]],
);

/** Why a session ended: rotated by a refresh (its family lives on), or the whole family was ended. */
export type SessionEnd = 'rotated' | 'logout' | 'reuse' | 'disabled' | 'everywhere' | 'password_changed' | 'password_reset';

/**
 * A signed-in session; access tokens name it, refresh rotates it, logout revokes it. Every session
 * opened by refreshing belongs to the family of the sign-in it descends from, so a replayed (already
 * rotated) refresh token can end the whole family: whoever stole it and the owner both sign in again.
 */
export interface SessionDoc {
  _id: Types.ObjectId;
  userId: string;
  /** Id of the family: the first session's id, shared by every rotation after it. */
  familyId?: string;
  refreshTokenHash: string;
  expiresAt: Date;
  revokedAt?: Date | null;
  revokedReason?: SessionEnd | null;
  /** Set on every session of a family when the family ends (logout, reuse): sockets close on it. */
  familyEndedAt?: Date | null;
}

/** Used only by src/auth/repository.ts. */
export const SessionModel = defineModel<SessionDoc>(
  'Session',
  {
    userId: { type: String, required: true },
    familyId: String,
    refreshTokenHash: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: Date,
    revokedReason: String,
    familyEndedAt: Date,
  },
  [[{ refreshTokenHash: 1 }, { unique: true }], [{ userId: 1 }], [{ familyId: 1 }], [{ expiresAt: 1 }]],
);
