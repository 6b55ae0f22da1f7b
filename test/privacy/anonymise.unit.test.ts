import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { HouseholdDoc } from '../../src/households/model.js';
import type { GroupDoc } from '../../src/groups/repository.js';
import { ANONYMISED, coarseLocation, groupAnonymisation, householdAnonymisation } from '../../src/privacy/anonymise.js';

describe('anonymisation of a household', () => {
  const h = {
    _id: new Types.ObjectId(),
    countyCode: '620723',
    stationCode: '620723101',
    communityCode: '620723101002',
    headName: '高春梅',
    nameKey: '高春梅',
    phone: '13984541897',
    address: '东关街11号楼6单元',
    addressKey: '东关街11号楼6单元',
    members: [
      {
        name: '高春梅',
        relation: '本人',
        gender: 'female',
        birthYear: 1938,
        idNumber: '620723193805129082',
        phone: '13984541897',
        health: '高血压',
        disability: { kind: '肢体', grade: '三级', certified: true, notes: '右腿' },
        groups: ['独居老人'],
      },
    ],
    groups: ['独居老人'],
    keyTarget: true,
    location: { lat: 39.15123, lng: 100.16234 },
    consent: { given: true, at: new Date('2024-03-18T08:00:00Z'), by: '高春梅' },
    notes: '女儿在兰州',
    sourceKeys: ['k1'],
    createdBy: 'u1',
    archivedAt: null,
    createdAt: new Date(),
    updatedAt: new Date(),
  } satisfies HouseholdDoc;

  it('replaces names, phones, ID numbers, addresses and notes; keeps groups, relation, gender, decade, disability kind', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const set = householdAnonymisation(h, now);
    expect(set).toMatchObject({ headName: ANONYMISED, phone: null, address: ANONYMISED, notes: null, sourceKeys: [], archivedAt: now });
    expect(set.members).toEqual([
      {
        name: ANONYMISED,
        relation: '本人',
        gender: 'female',
        birthYear: 1930,
        disability: { kind: '肢体', grade: '三级' },
        groups: ['独居老人'],
      },
    ]);
    expect(set.consent).toEqual({ given: true, at: h.consent.at, withdrawnAt: null });
    expect(set.location).toEqual({ lat: 39.15, lng: 100.16 });
    expect(JSON.stringify(set)).not.toMatch(/高春梅|13984541897|620723193805129082|东关街|高血压|兰州|右腿/);
  });

  it('coarsens a location to about a kilometre and drops a missing one', () => {
    expect(coarseLocation({ lat: 39.159, lng: 100.001 })).toEqual({ lat: 39.16, lng: 100 });
    expect(coarseLocation(null)).toBeNull();
  });
});

describe('anonymisation of a group', () => {
  const g: GroupDoc = {
    _id: new Types.ObjectId(),
    countyCode: '620723',
    stationCode: '620723101',
    name: '读书会',
    aim: '',
    targetMembers: '',
    leader: { id: 'u', name: '社工' },
    plannedSessions: 2,
    evaluation: null,
    status: 'running',
    history: [],
    revision: 0,
    createdAt: new Date(),
    updatedAt: new Date(),
    members: [
      { name: '高春梅', householdId: 'h1' },
      { name: '王建国', householdId: null },
      { name: '高小军', householdId: 'h1' },
    ],
    sessions: [
      { no: 1, date: '2026-11-01', content: '读报', attendance: ['高春梅', '王建国'], recordedBy: 'u', at: new Date() },
      { no: 2, date: '2026-11-08', content: '读报', attendance: ['高小军', '高春梅'], recordedBy: 'u', at: new Date() },
    ],
  };

  it("renames one household's members everywhere, each to a name of their own, and leaves the others", () => {
    const { members, sessions } = groupAnonymisation(g, 'h1');
    const [a, b, c] = members.map((m) => m.name);
    expect(a).toMatch(new RegExp(`^${ANONYMISED}`));
    expect(c).toMatch(new RegExp(`^${ANONYMISED}`));
    expect(a).not.toBe(c);
    expect(b).toBe('王建国');
    expect(sessions.map((s) => s.attendance)).toEqual([
      [a, '王建国'],
      [c, a],
    ]);
  });

  it('renames every member when no household is named, and is stable when run again', () => {
    const once = groupAnonymisation(g);
    expect(once.members.every((m) => m.name.startsWith(ANONYMISED))).toBe(true);
    const twice = groupAnonymisation({ ...g, ...once });
    expect(twice).toEqual(once);
  });
});
