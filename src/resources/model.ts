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
