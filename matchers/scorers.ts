import type { MatchingRules } from './config.js';
import { distanceDecay, haversineKm } from './geo.js';
import type { CandidateProfile, Engine, NeedProfile } from './profile.js';
import { km } from './rules.js';
import { availableWithin, coverageRatio, minuteOfWeek } from './schedule.js';
import { ITEM_TOKEN_PREFIX, popcount } from './text/items.js';
import type { Reason, TaggedCandidate } from './types.js';

/** Names of the soft scorers; the keys of `weights` in the rules. */
export type ScorerName = keyof MatchingRules['weights'];

/** A candidate in its pool form, tagged. */
export type PoolItem = TaggedCandidate;

/** Numeric values of every scorer for one (need, candidate) pair; NaN = not applicable to this need. */
export interface ScoreParts {
  category: number;
  text: number;
  /** Lexical part of the text score (IDF-weighted share of the need's words the candidate also has). */
  tokens: number;
  concept: number;
  distance: number;
  distanceKm: number;
  availability: number;
  urgency: number;
  load: number;
  continuity: number;
  safeguarding: number;
  /** Share of a goods need's items the candidate covers (NaN: the need names no items). */
  items: number;
  /** Weight of the urgency scorer for this need: `deadline` when due within a day, else `urgency`. */
  urgencyWeight: number;
}

/**
 * Item score of a candidate for a goods need: covered items dominate, the more specific resource wins
 * ties: (c + ½·precision) / (k + ½) for c of the need's k items covered, so one more item always outweighs
 * any precision.
 */
export function itemScore(np: NeedProfile, cp: CandidateProfile): number {
  const c = popcount(np.itemMask & cp.itemMask);
  if (c === 0) return 0;
  const precision = Math.min(1, c / Math.max(1, cp.itemOwn));
  return (c + 0.5 * precision) / (np.itemCount + 0.5);
}

/** Milliseconds in a day: an urgent need due within this is scored by who can act before the deadline. */
const DAY_MS = 24 * 60 * 60 * 1000;

/** Epoch ms of the next working day's 09:00 local time after `nowMs` (Monday–Friday). */
export function nextWorkingDayMs(nowMs: number, tzOffsetMinutes: number): number {
  const local = nowMs + tzOffsetMinutes * 60_000;
  const midnight = Math.floor(local / DAY_MS) * DAY_MS;
  for (let d = 1; d <= 7; d++) {
    const day = new Date(midnight + d * DAY_MS).getUTCDay();
    if (day >= 1 && day <= 5) return midnight + d * DAY_MS + 9 * 3_600_000 - tzOffsetMinutes * 60_000;
  }
  return midnight + DAY_MS - tzOffsetMinutes * 60_000;
}

/** When an urgent need must be served by, as epoch ms and minutes from now. */
export interface Deadline {
  dueMs: number;
  minutes: number;
}

/**
 * Deadline within a day of an urgent need at clock `nowMs`, or undefined: its `dueBy`, or else the end of
 * the next occurrence of a strictly scheduled one-off need's window (tonight 20:00–23:00 is due at 23:00).
 * Memoised on the profile: it is asked for every candidate.
 */
export function deadlineOf(np: NeedProfile, nowMs: number, tzOffsetMinutes: number): Deadline | undefined {
  if (!np.urgent || !Number.isFinite(nowMs)) return undefined;
  const memo = np.deadlineMemo;
  if (memo.nowMs === nowMs) return memo.value;
  let dueMs = np.dueByMs;
  if (!Number.isFinite(dueMs) && np.strictSchedule) {
    const mow = minuteOfWeek(nowMs, tzOffsetMinutes);
    let next = Infinity;
    for (const [, e] of np.intervals) next = Math.min(next, e > mow ? e - mow : e + WEEK_MINUTES - mow);
    dueMs = nowMs + next * 60_000;
  }
  const value = Number.isFinite(dueMs) && dueMs - nowMs <= DAY_MS ? { dueMs, minutes: Math.max(0, (dueMs - nowMs) / 60_000) } : undefined;
  np.deadlineMemo = { nowMs, value };
  return value;
}

const WEEK_MINUTES = 7 * 24 * 60;

/** Weight of the urgency scorer for a need at clock `nowMs` (0 when it does not apply). */
export function urgencyWeightOf(rules: MatchingRules, np: NeedProfile, nowMs: number): number {
  if (!np.urgent) return 0;
  return deadlineOf(np, nowMs, rules.timezoneOffsetMinutes) ? rules.weights.deadline : rules.weights.urgency;
}

/** Cosine similarity of two non-negative vectors (0 when either is empty). */
export function cosine(a: Float64Array, b: Float64Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  // i < n ≤ both lengths.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? Math.min(1, dot / Math.sqrt(na * nb)) : 0;
}

/** How well the candidate's categories cover the need's: max over categories of need weight × candidate weight. */
export function categoryScore(np: NeedProfile, cp: CandidateProfile): number {
  let best = 0;
  const a = np.categoryWeights;
  const b = cp.categoryWeights;
  // categoryNz holds category indices (< taxonomy size = both vectors' length).
  for (const i of np.categoryNz) {
    const v = a[i]! * b[i]!;
    if (v > best) best = v;
  }
  return best;
}

/** IDF-weighted share of the need's words found among the candidate's words, in [0,1]. */
export function tokenCoverage(needTokens: readonly string[], candTokens: ReadonlySet<string>, idf: (t: string) => number): number {
  let num = 0;
  let den = 0;
  for (const t of needTokens) {
    const w = idf(t);
    den += w;
    if (candTokens.has(t)) num += w;
  }
  return den > 0 ? num / den : 0;
}

/**
 * Every scorer except text (cheap: no word lookups), for a feasible pair (hard rules already passed).
 * Text fields are left at 0 until addTextParts fills them.
 */
export function nonTextParts(
  engine: Engine,
  np: NeedProfile,
  cp: CandidateProfile,
  c: PoolItem,
  nowMinuteOfWeek: number,
  nowMs: number = NaN,
): ScoreParts {
  const rules = engine.rules;
  const need = np.need;
  let distanceKm = NaN;
  let distance = rules.unlocatedDistanceScore;
  if (cp.location) {
    distanceKm = haversineKm(need.location, cp.location);
    distance = distanceDecay(distanceKm, rules.distanceDecayKm);
  }
  let availability = 1;
  let urgency = NaN;
  let load = 1;
  let continuity = NaN;
  let safeguarding = NaN;
  const urgent = np.urgent;
  const withHistory = np.withHistory;
  if (urgent) urgency = 1;
  // Due within hours: who can act before the deadline (an available volunteer, a same-day organisation).
  const deadline = urgent ? deadlineOf(np, nowMs, rules.timezoneOffsetMinutes) : undefined;
  if (withHistory) continuity = 0;
  if (np.child) safeguarding = 1;

  switch (c.kind) {
    case 'volunteer': {
      const v = c.item;
      availability = np.intervals.length ? coverageRatio(np.intervals, cp.intervals) : 1;
      load = v.maxActive > 0 ? 1 - v.active / v.maxActive : 0;
      if (deadline) urgency = availableWithin(cp.intervals, nowMinuteOfWeek, deadline.minutes) ? 1 : 0;
      // A one-off need scheduled days ahead is served then: the schedule rule already checked the volunteer.
      else if (urgent) urgency = np.strictSchedule || availableWithin(cp.intervals, nowMinuteOfWeek, 24 * 60) ? 1 : 0.3;
      if (withHistory && need.previousVolunteerIds?.includes(v.id)) continuity = 1;
      if (np.child) safeguarding = rules.organisationPreferenceForChildren;
      break;
    }
    case 'organisation': {
      const o = c.item;
      // Coverage by named communities (checked by the hard rule) means the organisation works in this village.
      if (!cp.location && 'communityCodes' in o.coverage) distance = rules.listedCommunityDistanceScore;
      load = o.capacityPerMonth > 0 ? Math.max(0, 1 - o.usedThisMonth / o.capacityPerMonth) : 0;
      // A same-day team's spare capacity is kept for what cannot wait: on other needs it counts for less.
      if (!deadline && o.responseHours !== undefined && o.responseHours < 24) load *= rules.sameDayReserveLoadShare;
      if (deadline) {
        const at =
          o.responseHours !== undefined ? nowMs + o.responseHours * 3_600_000 : nextWorkingDayMs(nowMs, rules.timezoneOffsetMinutes);
        urgency = at <= deadline.dueMs ? 1 : 0;
      }
      if (withHistory && need.previousOrganisationIds?.includes(o.id)) continuity = 1;
      break;
    }
    case 'resource': {
      const r = c.item;
      const q = need.quantity;
      // Sufficiency: a resource that can cover the whole quantity beats one that covers a part.
      if (q && q.amount > 0) load = q.unit === r.remaining.unit ? Math.min(1, r.remaining.amount / q.amount) : 0.5;
      break;
    }
  }
  const category = categoryScore(np, cp);
  const items = np.itemCount > 0 ? itemScore(np, cp) : NaN;
  const urgencyWeight = !urgent ? 0 : deadline ? rules.weights.deadline : rules.weights.urgency;
  return {
    category,
    text: 0,
    tokens: 0,
    concept: 0,
    distance,
    distanceKm,
    availability,
    urgency,
    load,
    continuity,
    safeguarding,
    items,
    urgencyWeight,
  };
}

/** Continuity applies to recurring needs that name who served them before. */
export function hasHistory(np: NeedProfile): boolean {
  const need = np.need;
  return (
    need.schedule.kind === 'recurring' && ((need.previousVolunteerIds?.length ?? 0) > 0 || (need.previousOrganisationIds?.length ?? 0) > 0)
  );
}

/**
 * Fill the text scorer: concept cosine (synonyms, pinyin, homophones all land on categories) and
 * IDF-weighted word coverage. `needIdf[i]` is the IDF of `np.text.tokens[i]`, computed once per need.
 */
export function addTextParts(
  np: NeedProfile,
  cp: CandidateProfile,
  candTokens: ReadonlySet<string>,
  needIdf: Float64Array,
  idfSum: number,
  p: ScoreParts,
): void {
  // Cosine of concept vectors (synonyms, pinyin, homophones all land on categories). Coverage of the need's
  // categories is the category scorer's job; the cosine adds specialisation: a pure escort beats a generalist.
  // Both vectors are unit length, so it is a dot product over the need's few non-zero categories.
  // conceptNz holds category indices (< both vectors' length); needIdf has one weight per need token.
  let dot = 0;
  for (const i of np.conceptNz) dot += np.conceptUnit[i]! * cp.conceptUnit[i]!;
  p.concept = Math.min(1, dot);
  let num = 0;
  np.text.tokens.forEach((t, i) => {
    if (candTokens.has(t)) num += needIdf[i]!;
  });
  p.tokens = idfSum > 0 ? num / idfSum : 0;
  p.text = 0.5 * p.concept + 0.5 * p.tokens;
}

/**
 * addTextParts for an indexed candidate: word overlap by binary search in the candidate's sorted word ids
 * (one flat array) instead of hashing strings into its word set; same result.
 */
export function addTextPartsIndexed(
  np: NeedProfile,
  cp: CandidateProfile,
  tokOff: Int32Array,
  tokEnd: Int32Array,
  tokIds: Int32Array,
  needWordIds: Int32Array,
  needIdf: Float64Array,
  idfSum: number,
  p: ScoreParts,
): void {
  // In bounds: conceptNz holds category indices; cp.idx is a slot of the index (< tokOff/tokEnd length);
  // t < needWordIds.length = needIdf.length; from ≤ mid < to ≤ tokIds' used length.
  let dot = 0;
  for (const i of np.conceptNz) dot += np.conceptUnit[i]! * cp.conceptUnit[i]!;
  p.concept = Math.min(1, dot);
  const from = tokOff[cp.idx]!;
  const to = tokEnd[cp.idx]!;
  let num = 0;
  for (let t = 0; t < needWordIds.length; t++) {
    const id = needWordIds[t]!;
    if (id < 0) continue;
    let lo = from;
    let hi = to;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tokIds[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    if (lo < to && tokIds[lo] === id) num += needIdf[t]!;
  }
  p.tokens = idfSum > 0 ? num / idfSum : 0;
  p.text = 0.5 * p.concept + 0.5 * p.tokens;
}

/** Compute every scorer's value for a feasible pair (hard rules already passed). */
export function scoreParts(
  engine: Engine,
  np: NeedProfile,
  cp: CandidateProfile,
  c: PoolItem,
  candTokens: ReadonlySet<string>,
  idf: (t: string) => number,
  nowMinuteOfWeek: number,
  nowMs: number = NaN,
): ScoreParts {
  const p = nonTextParts(engine, np, cp, c, nowMinuteOfWeek, nowMs);
  const needIdf = Float64Array.from(np.text.tokens, idf);
  addTextParts(
    np,
    cp,
    candTokens,
    needIdf,
    needIdf.reduce((a, b) => a + b, 0),
    p,
  );
  return p;
}

/** Weighted mean of the applicable scorers, in [0,1], rounded to 1e-6 so ties are exact and broken by id. */
export function combine(rules: MatchingRules, p: ScoreParts): number {
  const { num, den } = weightedSum(rules, p, true);
  if (den === 0) return 0;
  return Math.round(Math.min(1, Math.max(0, num / den)) * 1e6) / 1e6;
}

/** Weighted sum and total weight of the applicable scorers (optionally leaving text out, for bounds). */
export function weightedSum(rules: MatchingRules, p: ScoreParts, withText: boolean): { num: number; den: number } {
  const w = rules.weights;
  // Written out (no helper closure): this runs for every feasible pair.
  let num = w.category * p.category + w.distance * p.distance + w.availability * p.availability + w.load * p.load;
  let den = w.category + w.distance + w.availability + w.load + w.text;
  if (withText) num += w.text * p.text;
  if (!Number.isNaN(p.urgency)) {
    num += p.urgencyWeight * p.urgency;
    den += p.urgencyWeight;
  }
  if (!Number.isNaN(p.items)) {
    num += w.items * p.items;
    den += w.items;
  }
  if (!Number.isNaN(p.continuity)) {
    num += w.continuity * p.continuity;
    den += w.continuity;
  }
  if (!Number.isNaN(p.safeguarding)) {
    num += w.safeguarding * p.safeguarding;
    den += w.safeguarding;
  }
  return { num, den };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Words too general to tell anyone why two texts match. */
const VAGUE_WORDS = new Set([
  '工作',
  '服务',
  '帮助',
  '需要',
  '帮忙',
  '提供',
  '开展',
  '相关',
  '问题',
  '情况',
  '老人',
  '社区',
  '志愿者',
  '社工',
]);

/**
 * True when `t` is a word of the text whose segmenter words are `words`, not a piece cut out of a longer one
 * (jieba's search mode also yields 能手 and 手机 out of 智能手机). Asked only for the few shared words.
 */
function isWholeWord(t: string, words: readonly string[]): boolean {
  for (const u of words) if (u.length > t.length && u.includes(t)) return false;
  return true;
}

/**
 * Keywords shared by the need and the candidate, for the reasons: whole words of both texts (or taxonomy
 * terms found in both), never a general word, a word only of an organisation's name, or a fragment cut out
 * of a longer word (能手 in 智能手机).
 */
export function sharedKeywords(np: NeedProfile, cp: CandidateProfile, candTokens: ReadonlySet<string>): string[] {
  // An organisation's name (…社会工作服务中心) says who it is, not what it does.
  const own = cp.item.kind === 'organisation' ? cp.item.item.description : undefined;
  const out: string[] = [];
  for (const t of np.text.tokens) {
    if (out.length >= 5) break;
    if (!candTokens.has(t) || VAGUE_WORDS.has(t) || t.startsWith(ITEM_TOKEN_PREFIX)) continue;
    if (own !== undefined && !own.toLowerCase().includes(t)) continue;
    if (isWholeWord(t, np.text.tokens) && isWholeWord(t, cp.text.tokens)) out.push(t);
  }
  return out;
}

/** Chinese reasons for a score, one per applicable scorer, for coordinators. */
export function reasonsFor(
  engine: Engine,
  np: NeedProfile,
  cp: CandidateProfile,
  c: PoolItem,
  p: ScoreParts,
  candTokens: ReadonlySet<string>,
): Reason[] {
  const w = engine.rules.weights;
  const out: Reason[] = [];
  const r = (rule: ScorerName, value: number, text: string) =>
    out.push({ rule, value: Math.round(value * 1000) / 1000, weight: w[rule], text });
  const catName = np.category >= 0 ? (engine.taxonomy.categories[np.category]?.name ?? '') : '';

  if (np.category >= 0) {
    const second = np.secondCategory >= 0 ? engine.taxonomy.categories[np.secondCategory]?.name : undefined;
    const basis = np.inferredFrom.length ? `（依据：${np.inferredFrom.slice(0, 6).join('、')}）` : '';
    const how = np.categorySource === 'declared' ? '需求类别' : `需求未填类别，由文字推断${basis}${second ? `，兼顾「${second}」` : ''}为`;
    r(
      'category',
      p.category,
      p.category >= 0.99
        ? `${how}「${catName}」，对方正好提供此类服务`
        : p.category > 0
          ? `${how}「${catName}」，对方部分对口`
          : `${how}「${catName}」，对方类别不对口`,
    );
  } else r('category', p.category, '需求未分类且文字中未识别出类别');

  const shared = sharedKeywords(np, cp, candTokens);
  r(
    'text',
    p.text,
    shared.length
      ? `文字描述相近，共同关键词：${shared.join('、')}`
      : p.concept > 0
        ? '用词不同但含义相近（同义词/拼音匹配）'
        : '文字描述关联较弱',
  );

  if (!Number.isNaN(p.items)) {
    const names = engine.items.namesOf(np.itemMask);
    const covered = engine.items.namesOf(np.itemMask & cp.itemMask);
    const missing = engine.items.namesOf(np.itemMask & ~cp.itemMask);
    r(
      'items',
      p.items,
      covered.length === 0
        ? `需求物资：${names.join('、')}，此资源都不涵盖`
        : missing.length === 0
          ? `涵盖需求的全部物资：${covered.join('、')}`
          : `涵盖需求物资 ${covered.length}/${names.length}：${covered.join('、')}（缺：${missing.join('、')}）`,
    );
  }

  if (c.kind === 'volunteer') {
    r('distance', p.distance, `距离 ${km(p.distanceKm)} 公里，在服务半径 ${km(c.item.radiusKm)} 公里内`);
    r('availability', p.availability, np.intervals.length ? `可服务时间覆盖需求时段的 ${pct(p.availability)}` : '需求未限定服务时间');
    r('load', p.load, `在办任务 ${c.item.active}/${c.item.maxActive} 件`);
  } else if (c.kind === 'organisation') {
    if (cp.location) r('distance', p.distance, `距机构服务点 ${km(p.distanceKm)} 公里，在覆盖半径内`);
    else r('distance', p.distance, '需求所在村(社区)在机构服务范围内');
    r('availability', p.availability, '机构按月承接，不受时段限制');
    r('load', p.load, `本月已服务 ${c.item.usedThisMonth}/${c.item.capacityPerMonth} 次`);
  } else {
    if (cp.location) r('distance', p.distance, `物资存放点距离 ${km(p.distanceKm)} 公里`);
    else r('distance', p.distance, '物资未登记存放地点');
    r('availability', p.availability, '物资随时可领取');
    const q = np.need.quantity;
    r(
      'load',
      p.load,
      q
        ? `剩余 ${c.item.remaining.amount} ${c.item.remaining.unit}，需求 ${q.amount} ${q.unit}`
        : `剩余 ${c.item.remaining.amount} ${c.item.remaining.unit}`,
    );
  }
  if (!Number.isNaN(p.urgency)) {
    const deadline = p.urgencyWeight === w.deadline && w.deadline !== w.urgency;
    const hours = np.deadlineMemo.value ? Math.max(0, Math.round(np.deadlineMemo.value.minutes / 6) / 10) : 24;
    const text =
      c.kind === 'volunteer'
        ? p.urgency >= 1
          ? deadline
            ? `紧急需求 ${hours} 小时内要办，对方在此之前有空`
            : np.strictSchedule
              ? '紧急需求，对方在约定时段有空'
              : '紧急需求，对方 24 小时内有空'
          : deadline
            ? `紧急需求 ${hours} 小时内要办，对方在此之前没有排班`
            : '紧急需求，对方 24 小时内无排班'
        : c.kind === 'organisation' && deadline
          ? p.urgency >= 1
            ? `紧急需求 ${hours} 小时内要办，机构可当天响应`
            : `紧急需求 ${hours} 小时内要办，机构按工作日响应，赶不上`
          : '紧急需求，可立即承接';
    out.push({ rule: 'urgency', value: Math.round(p.urgency * 1000) / 1000, weight: p.urgencyWeight, text });
  }
  if (!Number.isNaN(p.continuity)) r('continuity', p.continuity, p.continuity > 0 ? '曾服务过该对象，保持服务连续' : '未曾服务过该对象');
  if (!Number.isNaN(p.safeguarding))
    r('safeguarding', p.safeguarding, c.kind === 'volunteer' ? '涉及儿童，志愿者持有儿童服务相关资质' : '涉及儿童，优先由社会组织承接');
  return out;
}
