import { Types } from 'mongoose';
import type { Actor, StationScope } from '../auth/actor.js';
import type { Auth } from '../auth/service.js';
import type { HouseholdDoc, MemberDoc } from '../households/model.js';
import { approximateLocation, shortCommunityName } from '../households/places.js';
import { householdBulk, households as householdRepo } from '../households/repository.js';
import { AppError } from '../http/errors.js';
import { normaliseAddress, normaliseName } from '../imports/cells.js';
import { TRANSITIONS, type NeedStatus } from '../needs/lifecycle.js';
import type { HistoryEntry } from '../needs/model.js';
import { buildNeedRecord } from '../needs/record.js';
import { needRecords, needs as needRepo, type PlacedNeedRecord } from '../needs/repository.js';
import { idCheckDigit } from '../shared/id-number.js';
import type { StationDoc } from '../stations/model.js';
import { listStations, loadStationsFromDivisions } from '../stations/service.js';
import { recordResponse } from '../surveys/responses.js';
import { ensureDefaultTemplate } from '../surveys/templates.js';
import {
  ADULT_GIVEN,
  CHILD_GIVEN,
  DEMO_STATIONS,
  ELDER_GIVEN,
  ESTATES,
  KEY_TARGET_GROUPS,
  SCENARIOS,
  SURNAMES,
  type Scenario,
} from './community-data.js';
import { rng } from '../shared/seeded-random.js';

/** A demo sign-in to print. */
export interface CommunityDemoAccount {
  role: 'admin' | 'coordinator';
  username: string;
  password: string;
  displayName: string;
  stationCode?: string;
}

/** What seedCommunityDemo created (or found). */
export interface CommunityDemoResult {
  accounts: CommunityDemoAccount[];
  households: number;
  keyTargets: number;
  needs: number;
  surveyResponses: number;
  created: boolean;
}

/** A well-formed ID number in region 620799, which no county has: it cannot be a real person's. */
function syntheticIdNumber(birthYear: number, r: () => number, female: boolean): string {
  const mm = String(1 + Math.floor(r() * 12)).padStart(2, '0');
  const dd = String(1 + Math.floor(r() * 28)).padStart(2, '0');
  let seq = Math.floor(r() * 500) * 2 + (female ? 0 : 1);
  seq = Math.min(seq, 999);
  const body = `620799${birthYear}${mm}${dd}${String(seq).padStart(3, '0')}`;
  return body + idCheckDigit(body);
}

function pickScenario(r: () => number): Scenario {
  const total = SCENARIOS.reduce((n, s) => n + s.weight, 0);
  let x = r() * total;
  for (const s of SCENARIOS) if ((x -= s.weight) < 0) return s;
  return SCENARIOS[0]!;
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Status a demo need is left in, with the path that leads there (open → … → status). */
const STATUS_MIX: Array<[NeedStatus[], number]> = [
  [[], 55],
  [['matching'], 10],
  [['matching', 'assigned'], 10],
  [['matching', 'assigned', 'in_progress'], 7],
  [['matching', 'assigned', 'in_progress', 'fulfilled'], 12],
  [['matching', 'assigned', 'in_progress', 'fulfilled', 'closed'], 6],
];

function statusPath(r: () => number): NeedStatus[] {
  let x = r() * 100;
  for (const [path, w] of STATUS_MIX) if ((x -= w) < 0) return path;
  return [];
}

/**
 * Seeds the community side of the demo county: an admin and one coordinator per demo station
 * (沙河镇, 平川镇, 鸭暖镇), households scaled to the key beneficiaries their report names (178, 290, 295
 * PEOPLE: households in key groups are flagged until their members reach that count; the other households
 * surveyed are not key targets), their members,
 * needs in every lifecycle state, and a few survey responses through the real survey path.
 * Idempotent: when the demo coordinators exist, nothing is created.
 */
export async function seedCommunityDemo(opts: {
  countyCode?: string;
  auth: Auth;
  password?: string;
  now?: Date;
  fraction?: number;
}): Promise<CommunityDemoResult> {
  const countyCode = opts.countyCode ?? '620723';
  const password = opts.password ?? 'demo-pass-2026';
  const now = opts.now ?? new Date();
  const fraction = opts.fraction ?? 1;
  const accounts: CommunityDemoAccount[] = [
    { role: 'admin', username: 'demo-admin', password, displayName: '临泽县民政局（演示）' },
    ...DEMO_STATIONS.map((s) => ({
      role: 'coordinator' as const,
      username: s.coordinator.username,
      password,
      displayName: s.coordinator.displayName,
      stationCode: s.code,
    })),
  ];
  const county: StationScope = { kind: 'county', countyCode };
  // bootstrap() loads stations on start; load here only on a bare database (re-upserting 164 stations is slow on FerretDB).
  const stationsOf = async () => new Map((await listStations(county)).map((s): [string, StationDoc] => [s.code, s]));
  let stations = await stationsOf();
  if (!stations.has(DEMO_STATIONS[0].code)) {
    await loadStationsFromDivisions();
    stations = await stationsOf();
  }
  // The first coordinator's account says whether the demo is there already: then nothing is created.
  const coordinators = new Map<string, string>();
  for (const a of [accounts[1]!, accounts[0]!, ...accounts.slice(2)]) {
    let created;
    try {
      created = await opts.auth.createUser({
        username: a.username,
        password,
        role: a.role,
        displayName: a.displayName,
        countyCode,
        stationCode: a.stationCode,
      });
    } catch (err) {
      if (a === accounts[1] && err instanceof AppError && err.code === 'username_taken') {
        return {
          accounts,
          households: await householdRepo.unscoped.count({ countyCode }),
          keyTargets: 0,
          needs: await needRepo.unscoped.count({ countyCode }),
          surveyResponses: 0,
          created: false,
        };
      }
      throw err;
    }
    if (a.stationCode) coordinators.set(a.stationCode, String(created._id));
  }

  const r = rng(20240305);
  let households = 0;
  let keyTargets = 0;
  const thisYear = now.getUTCFullYear();
  for (const s of DEMO_STATIONS) {
    const station = stations.get(s.code)!;
    const by = coordinators.get(s.code)!;
    // Key targets are counted in people; a station surveys more households than it flags.
    const keyPeople = Math.round(s.keyBeneficiaries * fraction);
    const total = Math.round(keyPeople * 1.2);
    let flaggedPeople = 0;
    const householdDocs: Array<Omit<HouseholdDoc, 'createdAt' | 'updatedAt'>> = [];
    const needDocs: PlacedNeedRecord[] = [];
    for (let i = 0; i < total; i++) {
      const scenario = pickScenario(r);
      const community = pick(r, station.communities);
      const short = shortCommunityName(community.name);
      const surname = pick(r, [...SURNAMES]);
      const members: MemberDoc[] = scenario.members.map((m, k) => {
        const age = m.age[0] + Math.floor(r() * (m.age[1] - m.age[0] + 1));
        const female = m.gender ? m.gender === 'female' : r() < 0.5;
        const birthYear = thisYear - age;
        const given = age < 18 ? CHILD_GIVEN : age >= 60 ? ELDER_GIVEN : ADULT_GIVEN;
        const name = (k === 0 || m.relation === '孙子女' || m.relation === '子女' ? surname : pick(r, [...SURNAMES])) + pick(r, given);
        return {
          name,
          relation: m.relation,
          gender: female ? 'female' : 'male',
          birthYear,
          idNumber: syntheticIdNumber(birthYear, r, female),
          ...(age >= 16 && r() < 0.7 ? { phone: `170${String(Math.floor(r() * 1e8)).padStart(8, '0')}` } : {}),
          ...(m.health ? { health: m.health } : {}),
          ...(m.disability ? { disability: { ...m.disability, certified: true } } : {}),
          groups: m.groups ?? (k === 0 ? scenario.groups : []),
        };
      });
      const head = members[0]!;
      const phone = head.phone ?? `170${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;
      const address = short.endsWith('社区')
        ? `${s.name}${short}${pick(r, ESTATES)}${1 + Math.floor(r() * 12)}号楼${1 + Math.floor(r() * 6)}单元${1 + Math.floor(r() * 6)}0${1 + Math.floor(r() * 4)}室`
        : `${s.name}${short}${1 + Math.floor(r() * 9)}社${1 + Math.floor(r() * 60)}号`;
      const location = approximateLocation(community.code)!;
      const keyTarget = scenario.groups.some((g) => KEY_TARGET_GROUPS.includes(g)) && flaggedPeople + members.length <= keyPeople;
      if (keyTarget) flaggedPeople += members.length;
      const householdId = new Types.ObjectId();
      const visitedAt = new Date(now.getTime() - Math.floor(r() * 90) * 86_400_000);
      householdDocs.push({
        _id: householdId,
        countyCode,
        stationCode: s.code,
        communityCode: community.code,
        headName: head.name,
        nameKey: normaliseName(head.name),
        phone,
        address,
        addressKey: normaliseAddress(address),
        members: members.map((m, k) => (k === 0 ? { ...m, phone } : m)),
        groups: scenario.groups,
        keyTarget,
        location,
        consent: { given: true, at: visitedAt, by: head.name },
        notes: keyTarget ? '重点对象：每月至少走访一次' : null,
        sourceKeys: [`demo:${s.code}:${i}`],
        createdBy: by,
        archivedAt: null,
      });
      households++;
      if (keyTarget) keyTargets++;
      for (const need of scenario.needs) {
        const path = statusPath(r);
        const created = new Date(visitedAt.getTime() + 3_600_000);
        const history: HistoryEntry[] = [{ at: created, by, from: null, to: 'open', note: '入户调查登记' }];
        let from: NeedStatus = 'open';
        path.forEach((to, step) => {
          if (!TRANSITIONS[from].includes(to)) return;
          history.push({ at: new Date(created.getTime() + (step + 1) * 86_400_000), by, from, to, note: null });
          from = to;
        });
        const dueBy =
          need.category === 'medical_escort' || need.category === 'assistance_application'
            ? new Date(now.getTime() + Math.floor(5 + r() * 25) * 86_400_000)
            : null;
        const record = buildNeedRecord(
          {
            communityCode: community.code,
            householdId: String(householdId),
            category: need.category,
            title: need.title,
            description: scenario.description,
            groups: [...scenario.groups],
            urgency: scenario.urgency,
            location,
            schedule: {
              kind: dueBy ? 'once' : 'recurring',
              windows: [
                { day: 1 + Math.floor(r() * 5), start: '09:00', end: '11:30' },
                { day: 6, start: '14:30', end: '17:00' },
              ],
              dueBy,
            },
            skills: [...(need.skills ?? [])],
            quantity: need.quantity ? { ...need.quantity } : null,
            source: pick(r, ['survey', 'survey', 'survey', 'hotline', 'walk_in', 'referral'] as const),
          },
          { by, at: created, sourceKey: `demo:${s.code}:${i}:${need.category}`, history },
        );
        needDocs.push({ ...record, countyCode, stationCode: s.code, createdAt: created, updatedAt: history.at(-1)!.at });
      }
    }
    for (let k = 0; k < householdDocs.length; k += 500) await householdBulk.insertMany(householdDocs.slice(k, k + 500));
    for (let k = 0; k < needDocs.length; k += 500) {
      const { failed } = await needRecords.insertMany(needDocs.slice(k, k + 500));
      if (failed.size) throw new Error(`demo needs refused: ${[...failed.values()][0]}`);
    }
  }
  const surveyResponses = await seedSurveyVisits(countyCode, stations, coordinators, r);
  return {
    accounts,
    households: households + surveyResponses,
    keyTargets,
    needs: await needRepo.unscoped.count({ countyCode }),
    surveyResponses,
    created: true,
  };
}

/** A few household visits per station recorded through the survey path, as coordinators do. */
async function seedSurveyVisits(
  countyCode: string,
  stations: Map<string, StationDoc>,
  coordinators: Map<string, string>,
  r: () => number,
): Promise<number> {
  const template = await ensureDefaultTemplate(countyCode);
  let count = 0;
  for (const s of DEMO_STATIONS) {
    const station = stations.get(s.code)!;
    const actor: Actor = {
      userId: coordinators.get(s.code)!,
      sessionId: 'demo',
      role: 'coordinator',
      countyCode,
      stationCode: s.code,
      displayName: s.coordinator.displayName,
    };
    for (let i = 0; i < 4; i++) {
      const scenario = pickScenario(r);
      const community = pick(r, station.communities);
      const short = shortCommunityName(community.name);
      await recordResponse({
        scope: { kind: 'station', countyCode, stationCode: s.code },
        actor,
        input: {
          templateId: String(template._id),
          communityCode: community.code,
          answers: {
            headName: pick(r, [...SURNAMES]) + pick(r, ELDER_GIVEN),
            phone: `170${String(Math.floor(r() * 1e8)).padStart(8, '0')}`,
            township: s.name,
            community: short,
            address: `${s.name}${short}${1 + Math.floor(r() * 9)}社${1 + Math.floor(r() * 60)}号`,
            householdSize: scenario.members.length,
            groups: scenario.groups,
            needs: scenario.needs.map((n) => n.category).map((c) => SCENARIO_OPTION[c] ?? '其他'),
            description: scenario.description,
            urgency: { low: '不紧急', normal: '一般', high: '紧急', critical: '非常紧急' }[scenario.urgency],
            availability: pick(r, [['工作日上午'], ['周末下午', '晚上'], ['工作日下午', '周末上午']]),
            consent: '是',
          },
        },
      });
      count++;
    }
  }
  return count;
}

/** The default template's option for each category used by the scenarios. */
const SCENARIO_OPTION: Record<string, string> = {
  meal: '助餐/送餐',
  visiting: '探访关爱',
  medical_escort: '助医/陪诊',
  transport: '出行协助',
  tutoring: '学业辅导',
  child_care: '儿童关爱',
  material_aid: '物资援助',
  rehabilitation: '康复训练',
  daily_care: '生活照料',
  bathing: '助浴',
  assistance_application: '政策咨询/救助申请代办',
  financial_aid: '资金救助',
  home_repair: '维修/适老化',
  emotional: '心理疏导/精神慰藉',
  health_check: '健康监测',
  digital_help: '数字助老',
  employment: '就业帮扶',
  legal_aid: '法律援助',
};
