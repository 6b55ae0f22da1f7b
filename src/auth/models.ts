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
  createdAt: Date;
  updatedAt: Date;
}

/** Accounts: username is the login (a phone number for volunteers). */
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
  },
  [[{ username: 1 }, { unique: true }], [{ countyCode: 1, role: 1 }]],
);

/** A signed-in session; access tokens name it, refresh rotates it, logout revokes it. */
export interface SessionDoc {
  _id: Types.ObjectId;
  userId: string;
  refreshTokenHash: string;
  expiresAt: Date;
  revokedAt?: Date;
}

export const SessionModel = defineModel<SessionDoc>(
  'Session',
  {
    userId: { type: String, required: true },
    refreshTokenHash: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: Date,
  },
  [[{ refreshTokenHash: 1 }, { unique: true }], [{ userId: 1 }], [{ expiresAt: 1 }]],
);
