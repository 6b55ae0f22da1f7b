import Fuse from 'fuse.js';
import type { CandidateKind, MatchResult, Need, Pool } from './types.js';

/** A candidate as plain text, for the naive baseline. */
interface Doc {
  kind: CandidateKind;
  id: string;
  text: string;
}

/** Flatten a pool into one text per candidate (what a naive search box would see). */
export function poolDocs(pool: Pool): Doc[] {
  return [
    ...pool.volunteers.map((v) => ({
      kind: 'volunteer' as const,
      id: v.id,
      text: [v.name, ...v.skills, v.description, ...v.certifications].join(' '),
    })),
    ...pool.organisations.map((o) => ({ kind: 'organisation' as const, id: o.id, text: [o.name, o.description].join(' ') })),
    ...pool.resources.map((r) => ({ kind: 'resource' as const, id: r.id, text: [r.title, r.description].join(' ') })),
  ];
}

/**
 * The naive baseline the engine is measured against: fuse.js fuzzy search of the need's text over
 * every candidate's text, no index, no hard rules, no taxonomy.
 */
export class NaiveBaseline {
  private readonly fuse: Fuse<Doc>;
  constructor(pool: Pool) {
    this.fuse = new Fuse(poolDocs(pool), { keys: ['text'], includeScore: true, ignoreLocation: true, threshold: 0.8 });
  }
  /** Rank candidates for a need by fuzzy text similarity only. */
  rank(need: Need, top = 5): MatchResult[] {
    const query = [need.title, need.description].join(' ').slice(0, 64);
    return this.fuse
      .search(query, { limit: top })
      .map((r) => ({ kind: r.item.kind, id: r.item.id, score: Math.round((1 - (r.score ?? 1)) * 1e6) / 1e6, reasons: [] }));
  }
}
