import { Schema, type Types } from 'mongoose';
import { defineModel } from '../shared/model.js';
import type { LatLng } from '../supply/schemas.js';

/** What a charity resource is: goods 物资, money 资金, services 服务, venues 场地. */
export type ResourceKind = 'goods' | 'money' | 'service' | 'venue';

/** An amount with its unit (袋, 元, 次, 场次 ...). Amounts are whole numbers, so they run down exactly. */
export interface Quantity {
  amount: number;
  unit: string;
}

/** A charity resource 慈善资源 (DOMAIN.md "Resource"), owned by one charity of a county. */
export interface ResourceDoc {
  _id: Types.ObjectId;
  countyCode: string;
  charityId: string;
  /** The charity's name, as the matcher's `donor`. */
  donor: string;
  kind: ResourceKind;
  category: string;
  title: string;
  description: string;
  /** The posted quantity; what is left is quantity minus the allocation ledger (see allocations.ts). */
  quantity: Quantity;
  eligibility: { groups?: string[]; communityCodes?: string[] };
  availableFrom?: Date;
  expiresAt?: Date;
  location?: LatLng;
  pickupAddress?: string;
  /** 'depleted' is set once the ledger reaches the quantity (a convenience: the ledger is the truth). */
  status: 'available' | 'depleted' | 'withdrawn';
  /** When the expiry job told the charity its resource expired (once). */
  expiryNotifiedAt?: Date | null;
  searchText: string;
  createdAt: Date;
  updatedAt: Date;
}

const QuantityField = new Schema({ amount: Number, unit: String }, { _id: false });

/** Charity resources; what remains is derived from the allocation ledger. */
export const ResourceModel = defineModel<ResourceDoc>(
  'Resource',
  {
    countyCode: { type: String, required: true },
    charityId: { type: String, required: true },
    donor: { type: String, required: true },
    kind: { type: String, required: true },
    category: { type: String, required: true },
    title: { type: String, required: true },
    description: { type: String, default: '' },
    quantity: { type: QuantityField, required: true },
    eligibility: { type: Object, default: {} },
    availableFrom: Date,
    expiresAt: Date,
    location: { type: new Schema({ lat: Number, lng: Number }, { _id: false }), default: undefined },
    pickupAddress: String,
    status: { type: String, required: true, default: 'available' },
    expiryNotifiedAt: { type: Date, default: null },
    searchText: { type: String, default: '' },
  },
  [[{ countyCode: 1, status: 1 }], [{ charityId: 1 }], [{ countyCode: 1, category: 1 }]],
);

/**
 * The append-only allocation ledger of resources. Entry `seq` of a resource records `cumulative`,
 * the total allocated up to and including it; (resourceId, seq) is unique. An allocation appends
 * entry n+1 computed from entry n, so two allocations racing for the same position cannot both be
 * written, and cumulative never exceeds the quantity. (FerretDB 1.x applies findOneAndUpdate as
 * read-then-write, so a conditional `$inc` on `remaining` would let racing allocations overdraw.)
 */
export interface AllocationDoc {
  _id: Types.ObjectId;
  resourceId: string;
  seq: number;
  amount: number;
  cumulative: number;
  at: Date;
  needCategory: string;
  /** The station whose need received it. */
  stationCode: string;
  /** The need served; never shown to the charity. */
  needId?: string;
  allocatedBy?: string;
  countyCode: string;
  charityId: string;
  createdAt: Date;
}

/** The allocation ledger: one row per allocation, unique per (resourceId, seq). */
export const AllocationModel = defineModel<AllocationDoc>(
  'ResourceAllocation',
  {
    resourceId: { type: String, required: true },
    seq: { type: Number, required: true },
    amount: { type: Number, required: true },
    cumulative: { type: Number, required: true },
    at: { type: Date, required: true },
    needCategory: { type: String, required: true },
    stationCode: { type: String, required: true },
    needId: String,
    allocatedBy: String,
    countyCode: { type: String, required: true },
    charityId: { type: String, required: true },
  },
  [[{ resourceId: 1, seq: 1 }, { unique: true }], [{ charityId: 1 }], [{ countyCode: 1, stationCode: 1 }]],
);

/** A charity 慈善组织 / 爱心企业 / 基金会 that posts resources for a county. */
export interface CharityDoc {
  _id: Types.ObjectId;
  countyCode: string;
  name: string;
  type: string;
  description: string;
  contactName?: string;
  /** Sensitive: masked in lists. */
  contactPhone: string;
  userId?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Charities of a county; each has one sign-in account. */
export const CharityModel = defineModel<CharityDoc>(
  'Charity',
  {
    countyCode: { type: String, required: true },
    name: { type: String, required: true },
    type: { type: String, required: true },
    description: { type: String, default: '' },
    contactName: String,
    contactPhone: { type: String, required: true },
    userId: String,
  },
  [[{ countyCode: 1, name: 1 }]],
);

/** Kinds of donors the product distinguishes. */
export const CHARITY_TYPES = ['慈善组织', '爱心企业', '基金会', '其他'] as const;
