import { idOf } from '../shared/model.js';
import type { NeedDoc } from './model.js';

/** A need as the pure matcher reads it: DOMAIN.md field names, plain JSON values, `id` a string. */
export interface MatcherNeed {
  id: string;
  stationCode: string;
  communityCode: string;
  householdId?: string;
  category?: string;
  title: string;
  description: string;
  groups: string[];
  urgency: 'low' | 'normal' | 'high' | 'critical';
  location: { lat: number; lng: number };
  schedule: { kind: 'once' | 'recurring'; windows: Array<{ day: number; start: string; end: string }>; dueBy?: string };
  skills: string[];
  quantity?: { amount: number; unit: string };
  status: string;
  source: 'survey' | 'hotline' | 'walk_in' | 'referral';
}

/** Maps a stored need to the matcher's input shape (no database types, no history, ISO dates). */
export function toMatcherNeed(n: NeedDoc): MatcherNeed {
  return {
    id: idOf(n),
    stationCode: n.stationCode,
    communityCode: n.communityCode,
    ...(n.householdId ? { householdId: n.householdId } : {}),
    ...(n.category ? { category: n.category } : {}),
    title: n.title,
    description: n.description ?? '',
    groups: [...(n.groups ?? [])],
    urgency: n.urgency,
    location: { lat: n.location.lat, lng: n.location.lng },
    schedule: {
      kind: n.schedule.kind,
      windows: (n.schedule.windows ?? []).map((w) => ({ day: w.day, start: w.start, end: w.end })),
      ...(n.schedule.dueBy ? { dueBy: new Date(n.schedule.dueBy).toISOString() } : {}),
    },
    skills: [...(n.skills ?? [])],
    ...(n.quantity ? { quantity: { amount: n.quantity.amount, unit: n.quantity.unit } } : {}),
    status: n.status,
    source: n.source,
  };
}
