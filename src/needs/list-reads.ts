import type { StationScope } from '../auth/actor.js';
import type { Page } from '../shared/scoped-repository.js';
import type { NeedDoc } from './model.js';
import { needContext, type NeedContext } from './people.js';
import type { NeedListQuery } from './schema.js';
import { listNeeds } from './service.js';

/** A page of the needs list with what its presenter needs (households, place names). */
export interface NeedListRead {
  page: Page<NeedDoc> & { total: number };
  context: NeedContext;
}

import { groupOf, needListReads as reads } from './list-coalescing.js';

/**
 * The needs list as the board asks for it, read once for every identical request under way (see
 * Coalescer). Presenting (masking, the audit of who read what) stays per request.
 */
export function readNeedList(scope: StationScope, query: NeedListQuery): Promise<NeedListRead> {
  return reads.run<NeedListRead>(groupOf(scope), JSON.stringify(query), async () => {
    const page = await listNeeds(scope, query);
    return { page, context: await needContext(scope, page.items) };
  });
}

/** The board's counts (needs open and urgent, assignments waiting and in service), shared the same way. */
export function readBoardCounts<V>(scope: StationScope, stationCode: string | undefined, load: () => Promise<V>): Promise<V> {
  return reads.run<V>(groupOf(scope), `counts:${stationCode ?? ''}`, load);
}
