/**
 * The one builder of a stored need: direct entry, survey answers, import rows and the demo seed all
 * make their records here, so the derived fields (sort keys, history, revision) are computed one way.
 */
import type { Location } from '../shared/geo.js';
import type { NeedStatus } from './lifecycle.js';
import { NO_DUE_DATE_MS, type HistoryEntry, type NeedDoc } from './model.js';
import { URGENCY_RANK, type NeedCreate } from './schema.js';
import { maskName } from '../households/presenter.js';
import { categoryName } from './taxonomy.js';

/** A need's own fields as entered (NeedCreate after validation; imports and the demo build the same shape). */
export type NeedFields = Pick<NeedCreate, 'title' | 'description' | 'urgency' | 'skills' | 'source'> & {
  communityCode: string;
  location: Location;
  groups: string[];
  householdId?: string | null;
  category?: string | null;
  schedule: { kind: 'once' | 'recurring'; windows: Array<{ day: number; start: string; end: string }>; dueBy?: Date | null };
  quantity?: { amount: number; unit: string } | null;
};

/** A need as stored, before the station fields and the database's own (_id, timestamps). */
export type NeedRecord = Omit<NeedDoc, '_id' | 'countyCode' | 'stationCode' | 'createdAt' | 'updatedAt'>;

/**
 * The stored form of a new need. Its history starts with "open" by `by` at `at`; the demo passes a longer
 * history, and the status and revision follow it.
 */
export function buildNeedRecord(
  input: NeedFields,
  meta: {
    by: string;
    /** Identity of what created the need, unique per station (see NeedDoc.sourceKey). */
    sourceKey: string;
    at?: Date;
    surveyResponseId?: string | null;
    importJobId?: string | null;
    history?: HistoryEntry[];
  },
): NeedRecord {
  const at = meta.at ?? new Date();
  const history: HistoryEntry[] = meta.history ?? [{ at, by: meta.by, from: null, to: 'open', note: null }];
  const status: NeedStatus = history.at(-1)?.to ?? 'open';
  const dueBy = input.schedule.dueBy ?? null;
  return {
    communityCode: input.communityCode,
    householdId: input.householdId ?? null,
    category: input.category ?? null,
    title: input.title,
    description: input.description,
    groups: [...input.groups],
    urgency: input.urgency,
    location: { lat: input.location.lat, lng: input.location.lng },
    schedule: { kind: input.schedule.kind, windows: input.schedule.windows, dueBy },
    skills: input.skills,
    quantity: input.quantity ?? null,
    status,
    source: input.source,
    closeReason: null,
    history,
    revision: Math.max(0, history.length - 1),
    urgencyRank: URGENCY_RANK[input.urgency],
    dueMs: dueBy ? dueBy.getTime() : NO_DUE_DATE_MS,
    sourceKey: meta.sourceKey,
    surveyResponseId: meta.surveyResponseId ?? null,
    importJobId: meta.importJobId ?? null,
    createdBy: meta.by,
  };
}

/**
 * Title of a need from a chosen need option: the category's name, or the option as answered when it
 * carries fill-in text ("其他：需要理发") or matches no category. With the household's head name, the
 * title names the household too ("康复训练 · 高*梅家"), so six imported rows of one category can be told
 * apart; the name is masked because titles travel in events and reach volunteers.
 */
export function needTitle(item: { category: string | null; label: string }, household?: { headName: string } | null): string {
  const name = item.category ? categoryName(item.category) : undefined;
  const base = name && item.label.includes('：') ? item.label : (name ?? item.label);
  return household?.headName ? `${base} · ${maskName(household.headName)}家` : base;
}
