/**
 * Worker side of parallel.ts: holds its own index of the pool and ranks slices of needs on request.
 * Messages: {type:'init', pool, rules, now} → {type:'ready'}; {type:'score', id, needs, perNeed, now?} →
 * {type:'scored', id, lists} where each option is [kindCode, position, score].
 */
import { parentPort } from 'node:worker_threads';
import { buildIndex, type MatchIndex } from './candidates.js';
import type { MatchingRules } from './config.js';
import { profileNeed } from './profile.js';
import { scoreNeed } from './rank.js';
import { NeedSchema, type Pool } from './types.js';

const KIND_CODE = { volunteer: 0, organisation: 1, resource: 2 } as const;

/** Messages the worker accepts. */
export type WorkerRequest =
  | { type: 'init'; pool: Pool; rules: MatchingRules; now: number }
  | { type: 'score'; id: number; needs: unknown[]; perNeed: number; now?: number };

let index: MatchIndex | undefined;

parentPort?.on('message', (msg: WorkerRequest) => {
  try {
    if (msg.type === 'init') {
      index = buildIndex(msg.pool, msg.rules, msg.now);
      parentPort!.postMessage({ type: 'ready' });
      return;
    }
    if (!index) throw new Error('worker not initialised');
    const ix = index;
    const lists = msg.needs.map((n) =>
      scoreNeed(ix, profileNeed(ix.engine, NeedSchema.parse(n)), msg.perNeed, msg.now ?? ix.nowMs)
        .slice(0, msg.perNeed)
        .map((s) => [KIND_CODE[s.item.kind], s.profile.idx, s.score]),
    );
    parentPort!.postMessage({ type: 'scored', id: msg.id, lists });
  } catch (e) {
    parentPort!.postMessage({ type: 'error', id: 'id' in msg ? msg.id : -1, message: (e as Error).message });
  }
});
