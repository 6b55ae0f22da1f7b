import { maySeeSensitive, type Actor } from '../auth/actor.js';
import { auditReads } from '../audit/audit.js';
import { maskIdNumber } from '../shared/id-number.js';
import { maskPhone } from '../shared/phone.js';
import { idOf } from '../shared/model.js';
import type { HouseholdDoc, MemberDoc } from './model.js';
import { approximateLocation } from './places.js';
import type { HouseholdView } from './schema.js';

/** The fields of a household that only the station's coordinators and the county admin see in full. */
export const HOUSEHOLD_SENSITIVE_FIELDS = [
  'phone',
  'address',
  'location',
  'groups',
  'consent.by',
  'members.name',
  'members.idNumber',
  'members.phone',
  'members.health',
  'members.disability',
  'members.groups',
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

function fullMember(m: MemberDoc): HouseholdView['members'][number] {
  return {
    name: m.name,
    relation: m.relation,
    gender: m.gender ?? null,
    birthYear: m.birthYear ?? null,
    idNumber: m.idNumber ?? null,
    phone: m.phone ?? null,
    health: m.health ?? null,
    disability: m.disability ?? null,
    groups: m.groups ?? [],
  };
}

/**
 * A member as anyone else sees one: a masked name and the relation. Whitelist: every field is set
 * here explicitly, so a field added to the record later stays hidden until someone decides otherwise.
 */
function maskedMember(m: MemberDoc): HouseholdView['members'][number] {
  return {
    name: maskName(m.name),
    relation: m.relation,
    gender: null,
    birthYear: null,
    idNumber: m.idNumber ? maskIdNumber(m.idNumber) : null,
    phone: m.phone ? maskPhone(m.phone) : null,
    health: m.health ? '***' : null,
    disability: m.disability ? { kind: '***' } : null,
    groups: [],
  };
}

/** A household in full: the station's coordinators and the county admin (audited by presentHouseholdsFor). */
function fullHousehold(h: HouseholdDoc): HouseholdView {
  return {
    id: idOf(h),
    stationCode: h.stationCode,
    communityCode: h.communityCode,
    headName: h.headName,
    phone: h.phone ?? null,
    address: h.address,
    members: (h.members ?? []).map(fullMember),
    groups: h.groups ?? [],
    keyTarget: h.keyTarget,
    location: h.location ?? null,
    consent: h.consent
      ? { given: h.consent.given, at: h.consent.at ?? null, by: h.consent.by ?? null, withdrawnAt: h.consent.withdrawnAt ?? null }
      : null,
    notes: h.notes ?? null,
    masked: false,
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
  };
}

/**
 * A household as any other role may see it. Whitelist, field by field: names masked, the place no
 * finer than the village (its approximate centre, never the household's own coordinates), no
 * beneficiary groups or key-target flag (they say 残疾人, 孤儿…), consent without who gave it.
 */
function maskedHousehold(h: HouseholdDoc): HouseholdView {
  return {
    id: idOf(h),
    stationCode: h.stationCode,
    communityCode: h.communityCode,
    headName: maskName(h.headName),
    phone: h.phone ? maskPhone(h.phone) : null,
    address: maskAddress(h.address),
    members: (h.members ?? []).map(maskedMember),
    groups: [],
    keyTarget: false,
    location: approximateLocation(h.communityCode) ?? null,
    consent: h.consent ? { given: h.consent.given, at: null, by: null, withdrawnAt: null } : null,
    notes: null,
    masked: true,
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
  };
}

/** A household as a role may see it: full for the station's coordinators and the county admin, masked otherwise. */
export function presentHousehold(h: HouseholdDoc, full: boolean): HouseholdView {
  return full ? fullHousehold(h) : maskedHousehold(h);
}

/**
 * Presents households for an actor and writes one audit row per household shown in full, so every
 * read of sensitive fields by a person is on record (PIPL).
 */
export async function presentHouseholdsFor(actor: Actor, docs: HouseholdDoc[], requestId?: string): Promise<HouseholdView[]> {
  const views = docs.map((h) => presentHousehold(h, maySeeSensitive(actor, h.stationCode)));
  await auditReads(actor, {
    entity: 'household',
    records: views.filter((v) => !v.masked),
    fields: HOUSEHOLD_SENSITIVE_FIELDS,
    requestId,
  });
  return views;
}
