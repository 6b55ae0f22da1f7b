import type { Types } from 'mongoose';
import { defineModel } from '../shared/model.js';
import type { Location } from '../shared/geo.js';

/** A member as stored. */
export interface MemberDoc {
  name: string;
  relation: string;
  gender?: 'male' | 'female';
  birthYear?: number;
  idNumber?: string;
  phone?: string;
  health?: string;
  disability?: { kind: string; grade?: string; certified?: boolean; notes?: string };
  groups: string[];
}

/** A household 户 and its beneficiaries 服务对象, owned by one station. */
export interface HouseholdDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  communityCode: string;
  headName: string;
  /** normaliseName(headName): the household match key with phone or address. */
  nameKey: string;
  phone?: string | null;
  address: string;
  /** normaliseAddress(address). */
  addressKey: string;
  members: MemberDoc[];
  groups: string[];
  keyTarget: boolean;
  location?: Location | null;
  consent?: { given: boolean; at?: Date; by?: string; withdrawnAt?: Date | null } | null;
  notes?: string | null;
  /** Content keys of the import rows and survey responses that wrote this household. */
  sourceKeys: string[];
  createdBy: string;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const point = { _id: false, lat: Number, lng: Number };

/** Used only by src/households/repository.ts (other areas still reading it directly are moving to the repository). */
export const HouseholdModel = defineModel<HouseholdDoc>(
  'Household',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    communityCode: { type: String, required: true },
    headName: { type: String, required: true },
    nameKey: { type: String, required: true },
    phone: { type: String, default: null },
    address: { type: String, required: true },
    addressKey: { type: String, required: true },
    members: [
      {
        _id: false,
        name: String,
        relation: String,
        gender: String,
        birthYear: Number,
        idNumber: String,
        phone: String,
        health: String,
        disability: { type: { _id: false, kind: String, grade: String, certified: Boolean, notes: String }, default: undefined },
        groups: [String],
      },
    ],
    groups: [String],
    keyTarget: { type: Boolean, default: false },
    location: { type: point, default: null },
    consent: { type: { _id: false, given: Boolean, at: Date, by: String, withdrawnAt: Date }, default: null },
    notes: { type: String, default: null },
    sourceKeys: { type: [String], default: [] },
    createdBy: { type: String, required: true },
    archivedAt: { type: Date, default: null },
  },
  [
    [{ stationCode: 1, nameKey: 1 }],
    [{ countyCode: 1, stationCode: 1, _id: -1 }],
    [{ stationCode: 1, communityCode: 1 }],
    [{ sourceKeys: 1 }],
  ],
);
