import { haversineKm } from './geo.js';
import type { Engine, NeedProfile } from './profile.js';
import { overlapMinutes, type WeekInterval } from './schedule.js';
import type { Exclusion, Organisation, Resource, Volunteer, Window } from './types.js';

const DAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** Chinese rendering of windows, e.g. "周三 09:00–11:00". */
export function describeWindows(windows: readonly Window[]): string {
  return windows.map((w) => `${DAY_NAMES[w.day]} ${w.start}–${w.end}`).join('、');
}

/** Format kilometres for coordinators: one decimal. */
export function km(x: number): string {
  return (Math.round(x * 10) / 10).toFixed(1);
}

/** True when a volunteer holds a certification from the safeguarding list (substring either way: "持证社工（中级）"). */
export function hasSafeguardingCert(certs: readonly string[], list: readonly string[]): boolean {
  return certs.some((c) => list.some((l) => c.includes(l) || (c.length >= 2 && l.includes(c))));
}

/** Hard rules on a volunteer for a need; empty when none excludes it. `all` = false stops at the first. */
export function volunteerExclusions(
  engine: Engine,
  np: NeedProfile,
  v: Volunteer,
  vIntervals: readonly WeekInterval[],
  all = true,
): Exclusion[] {
  const hr = engine.rules.hardRules;
  const out: Exclusion[] = [];
  if (hr.needKind && np.material) {
    out.push({ rule: 'needKind', text: '物资/资金类需求由慈善资源满足，不派志愿者' });
    if (!all) return out;
  }
  if (hr.volunteerLoad && v.active >= v.maxActive) {
    out.push({ rule: 'volunteerLoad', text: `在办任务 ${v.active} 件，已达上限 ${v.maxActive} 件` });
    if (!all) return out;
  }
  if (hr.volunteerRadius) {
    const d = haversineKm(np.need.location, v.location);
    if (d > v.radiusKm) {
      out.push({ rule: 'volunteerRadius', text: `距离 ${km(d)} 公里，超出志愿者服务半径 ${km(v.radiusKm)} 公里` });
      if (!all) return out;
    }
  }
  if (hr.volunteerSchedule && np.strictSchedule && overlapMinutes(np.intervals, vIntervals) === 0) {
    out.push({
      rule: 'volunteerSchedule',
      text: `可服务时间与需求时间（${describeWindows(np.need.schedule.windows)}）不重合`,
    });
    if (!all) return out;
  }
  if (hr.childSafeguarding && np.child && !hasSafeguardingCert(v.certifications, engine.rules.childSafeguardingCertifications)) {
    out.push({
      rule: 'childSafeguarding',
      text: `涉及儿童的需求要求志愿者持有${engine.rules.childSafeguardingCertifications.join('、')}之一，该志愿者没有`,
    });
  }
  return out;
}

/** Hard rules on an organisation for a need. */
export function organisationExclusions(engine: Engine, np: NeedProfile, o: Organisation, all = true): Exclusion[] {
  const hr = engine.rules.hardRules;
  const out: Exclusion[] = [];
  if (hr.needKind && np.material) {
    out.push({ rule: 'needKind', text: '物资/资金类需求由慈善资源满足，不转介社会组织' });
    if (!all) return out;
  }
  if (hr.organisationCapacity && o.usedThisMonth >= o.capacityPerMonth) {
    out.push({
      rule: 'organisationCapacity',
      text: `本月已服务 ${o.usedThisMonth} 次，达到月服务能力 ${o.capacityPerMonth} 次`,
    });
    if (!all) return out;
  }
  if (hr.organisationCoverage) {
    const c = o.coverage;
    if ('center' in c) {
      const d = haversineKm(np.need.location, c.center);
      if (d > c.radiusKm)
        out.push({ rule: 'organisationCoverage', text: `需求地点距机构 ${km(d)} 公里，超出覆盖半径 ${km(c.radiusKm)} 公里` });
    } else if (!c.communityCodes.includes(np.need.communityCode)) {
      out.push({ rule: 'organisationCoverage', text: `需求所在村(社区) ${np.need.communityCode} 不在机构服务范围内` });
    }
  }
  return out;
}

/** Hard rules on a resource for a need at time `nowMs`. */
export function resourceExclusions(engine: Engine, np: NeedProfile, r: Resource, nowMs: number, all = true): Exclusion[] {
  const hr = engine.rules.hardRules;
  const out: Exclusion[] = [];
  if (hr.needKind && !np.material) {
    out.push({ rule: 'needKind', text: '服务类需求由志愿者和社会组织承接，不分配慈善物资' });
    if (!all) return out;
  }
  if (hr.resourceExpired && r.expiresAt !== undefined && Date.parse(r.expiresAt) < nowMs) {
    out.push({ rule: 'resourceExpired', text: `已于 ${r.expiresAt.slice(0, 10)} 过期` });
    if (!all) return out;
  }
  if (hr.resourceDepleted && r.remaining.amount <= 0) {
    out.push({ rule: 'resourceDepleted', text: `余量为 0 ${r.remaining.unit}，已发放完` });
    if (!all) return out;
  }
  const groups = r.eligibility.groups;
  if (hr.resourceGroups && groups && !groups.some((g) => np.need.groups.includes(g))) {
    const who = np.need.groups.length ? np.need.groups.join('、') : '未登记困难类别';
    out.push({ rule: 'resourceGroups', text: `仅限${groups.join('、')}，需求对象为${who}` });
    if (!all) return out;
  }
  const codes = r.eligibility.communityCodes;
  if (hr.resourceCommunity && codes && !codes.includes(np.need.communityCode)) {
    out.push({ rule: 'resourceCommunity', text: `仅限指定村(社区)，需求所在村(社区) ${np.need.communityCode} 不在其中` });
  }
  return out;
}

/** Need-independent exclusions (can be decided once per pool): full volunteers/organisations, expired/depleted resources. */
export function staticallyExcluded(
  engine: Engine,
  c: { kind: 'volunteer'; item: Volunteer } | { kind: 'organisation'; item: Organisation } | { kind: 'resource'; item: Resource },
  nowMs: number,
): boolean {
  const hr = engine.rules.hardRules;
  switch (c.kind) {
    case 'volunteer':
      return hr.volunteerLoad && c.item.active >= c.item.maxActive;
    case 'organisation':
      return hr.organisationCapacity && c.item.usedThisMonth >= c.item.capacityPerMonth;
    case 'resource':
      return (
        (hr.resourceExpired && c.item.expiresAt !== undefined && Date.parse(c.item.expiresAt) < nowMs) ||
        (hr.resourceDepleted && c.item.remaining.amount <= 0)
      );
  }
}

/*
 * Fast predicates for candidate generation: the same rules as the *Exclusions functions above, without
 * building Chinese sentences (string formatting dominated the hot path). The property tests check that
 * nothing they let through is excluded by the explaining versions.
 */

/** True when no hard rule excludes the volunteer (same rules as volunteerExclusions). */
export function volunteerFeasible(
  engine: Engine,
  np: NeedProfile,
  v: Volunteer,
  vIntervals: readonly WeekInterval[],
  safeguarded: boolean,
): boolean {
  const hr = engine.rules.hardRules;
  if (hr.needKind && np.material) return false;
  if (hr.volunteerLoad && v.active >= v.maxActive) return false;
  if (hr.childSafeguarding && np.child && !safeguarded) return false;
  if (hr.volunteerRadius && haversineKm(np.need.location, v.location) > v.radiusKm) return false;
  if (hr.volunteerSchedule && np.strictSchedule && overlapMinutes(np.intervals, vIntervals) === 0) return false;
  return true;
}

/** True when no hard rule excludes the organisation (same rules as organisationExclusions). */
export function organisationFeasible(
  engine: Engine,
  np: NeedProfile,
  o: Organisation,
  communities: ReadonlySet<string> | undefined,
): boolean {
  const hr = engine.rules.hardRules;
  if (hr.needKind && np.material) return false;
  if (hr.organisationCapacity && o.usedThisMonth >= o.capacityPerMonth) return false;
  if (hr.organisationCoverage) {
    const c = o.coverage;
    if ('center' in c) return haversineKm(np.need.location, c.center) <= c.radiusKm;
    return communities ? communities.has(np.need.communityCode) : c.communityCodes.includes(np.need.communityCode);
  }
  return true;
}

/** True when no hard rule excludes the resource (same rules as resourceExclusions); `expiresMs` is pre-parsed. */
export function resourceFeasible(engine: Engine, np: NeedProfile, r: Resource, expiresMs: number, nowMs: number): boolean {
  const hr = engine.rules.hardRules;
  if (hr.needKind && !np.material) return false;
  if (hr.resourceExpired && expiresMs < nowMs) return false;
  if (hr.resourceDepleted && r.remaining.amount <= 0) return false;
  const groups = r.eligibility.groups;
  if (hr.resourceGroups && groups) {
    let shared = false;
    for (const g of np.need.groups) if (groups.includes(g)) shared = true;
    if (!shared) return false;
  }
  const codes = r.eligibility.communityCodes;
  if (hr.resourceCommunity && codes && !codes.includes(np.need.communityCode)) return false;
  return true;
}
