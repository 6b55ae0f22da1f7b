import type { UpdateQuery } from 'mongoose';
import type { StationScope } from '../auth/actor.js';
import { conflict } from '../http/errors.js';
import { claimNextRevision } from '../shared/revision-claims.js';
import { idOf, trusted } from '../shared/model.js';
import type { ScopedFilter, ScopedRepository, StationOwned } from '../shared/scoped-repository.js';

/** A validated lifecycle: allowed moves from each state, and Chinese state names for messages. */
export interface Lifecycle<S extends string> {
  transitions: Readonly<Record<S, readonly S[]>>;
  names: Readonly<Record<S, string>>;
}

/** 409 unless `from → to` is allowed, naming the allowed targets (as needs do). */
export function assertMove<S extends string>(life: Lifecycle<S>, what: string, from: S, to: S): void {
  if (life.transitions[from].includes(to)) return;
  throw conflict(`${what}当前为“${life.names[from]}”，不能变为“${life.names[to]}”`, { from, to, allowed: life.transitions[from] });
}

/** 409 unless the record is in one of `states` (for actions that keep the state). */
export function assertIn<S extends string>(life: Lifecycle<S>, what: string, current: S, states: readonly S[], action: string): void {
  if (states.includes(current)) return;
  throw conflict(`${what}当前为“${life.names[current]}”，不能${action}`, { status: current, allowedIn: states });
}

export interface Revised extends StationOwned {
  revision: number;
}

/**
 * Applies `update` to a record read at `current`, as the only writer of its next revision (an insert
 * under a unique index: FerretDB applies conditional updates as read-then-write). A lost race
 * answers 409, so two conflicting moves never both land.
 */
export async function writeNextRevision<T extends Revised>(
  repo: ScopedRepository<T>,
  entity: string,
  scope: StationScope,
  current: T,
  update: UpdateQuery<T>,
): Promise<T> {
  const id = idOf(current);
  const revision = current.revision ?? 0;
  const reread = async () => (await repo.get(scope, id)).revision ?? 0;
  const lost = () => conflict('记录刚被他人修改，请刷新后重试');
  if (!(await claimNextRevision(entity, id, revision, reread))) throw lost();
  const set = { ...((update as { $set?: object }).$set ?? {}), revision: revision + 1 };
  const when = (revision === 0 ? { revision: trusted({ $in: [0, null] }) } : { revision }) as ScopedFilter<T>;
  const updated = await repo.update(scope, id, { ...update, $set: set } as UpdateQuery<T>, when);
  if (!updated) throw lost();
  return updated;
}
