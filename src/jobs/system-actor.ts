import type { Actor } from '../auth/actor.js';

/** The actor scheduled jobs act as: recorded in histories as "system", scoped to one county. */
export function systemActor(countyCode: string): Actor {
  return { userId: 'system', sessionId: 'system', role: 'admin', countyCode, displayName: '系统定时任务' };
}
