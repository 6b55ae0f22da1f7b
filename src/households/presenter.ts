import { maySeeSensitive, type Actor } from '../auth/actor.js';
import { audit } from '../audit/audit.js';
import { maskIdNumber } from '../shared/id-number.js';
import { maskPhone } from '../shared/phone.js';
import { idOf } from '../shared/model.js';
import type { HouseholdDoc, MemberDoc } from './model.js';
import type { HouseholdView } from './schema.js';

/** The fields of a household that only the station's coordinators and the county admin see in full. */
export const HOUSEHOLD_SENSITIVE_FIELDS = [
  'phone',
  'address',
  'members.name',
  'members.idNumber',
  'members.phone',
  'members.health',
  'members.disability',
];

/** 高春梅 → 高*梅, 李华 → 李*. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

/** 沙河镇东关街社区东关街11号楼6单元 → 沙河镇东关街社区*** (village level only). */
export function maskAddress(address: string): string {
  const m = /^(.*?(村|社区|居委会))/u.exec(address);
  return `${m ? m[1] : [...address].slice(0, 4).join('')}***`;
}

function presentMember(m: MemberDoc, full: boolean): HouseholdView['members'][number] {
  return {
    name: full ? m.name : maskName(m.name),
    relation: m.relation,
    gender: m.gender ?? null,
    birthYear: m.birthYear ?? null,
    idNumber: m.idNumber ? (full ? m.idNumber : maskIdNumber(m.idNumber)) : null,
    phone: m.phone ? (full ? m.phone : maskPhone(m.phone)) : null,
    health: m.health ? (full ? m.health : '***') : null,
    disability: m.disability ? (full ? m.disability : { kind: '***' }) : null,
    groups: m.groups ?? [],
  };
}

/** A household as a role may see it: full for the station's coordinators and the county admin, masked otherwise. */
export function presentHousehold(h: HouseholdDoc, full: boolean): HouseholdView {
  return {
    id: idOf(h),
    stationCode: h.stationCode,
    communityCode: h.communityCode,
    headName: full ? h.headName : maskName(h.headName),
    phone: h.phone ? (full ? h.phone : maskPhone(h.phone)) : null,
    address: full ? h.address : maskAddress(h.address),
    members: (h.members ?? []).map((m) => presentMember(m, full)),
    groups: h.groups ?? [],
    keyTarget: h.keyTarget,
    location: h.location ?? null,
    consent: h.consent
      ? { given: h.consent.given, at: h.consent.at ?? null, by: h.consent.by ?? null, withdrawnAt: h.consent.withdrawnAt ?? null }
      : null,
    notes: full ? (h.notes ?? null) : null,
    masked: !full,
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
  };
}

/**
 * Presents households for an actor and writes one audit row per household shown in full, so every
 * read of sensitive fields by a person is on record (PIPL).
 */
export async function presentHouseholdsFor(actor: Actor, docs: HouseholdDoc[], requestId?: string): Promise<HouseholdView[]> {
  const views = docs.map((h) => presentHousehold(h, maySeeSensitive(actor, h.stationCode)));
  const byStation = new Map<string, string[]>();
  for (const v of views) if (!v.masked) byStation.set(v.stationCode, [...(byStation.get(v.stationCode) ?? []), v.id]);
  for (const [stationCode, entityIds] of byStation) {
    await audit(actor, {
      action: 'read_sensitive',
      entity: 'household',
      entityIds,
      fields: HOUSEHOLD_SENSITIVE_FIELDS,
      stationCode,
      requestId,
    });
  }
  return views;
}
