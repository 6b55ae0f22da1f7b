import { z } from 'zod';
import { notFound } from '../http/errors.js';
import type { SubjectScope } from '../shared/scoped-repository.js';

/** The five roles of the product (DOMAIN.md "Who uses it"). */
export const RoleSchema = z.enum(['admin', 'coordinator', 'volunteer', 'organisation', 'charity']);
export type Role = z.infer<typeof RoleSchema>;

/** Who is making a request, from verified token claims. */
export interface Actor {
  userId: string;
  sessionId: string;
  role: Role;
  /** 6-digit county code: every account belongs to one county. */
  countyCode: string;
  /** 9-digit township code: coordinators and volunteers belong to one station. */
  stationCode?: string;
  /** The volunteer / organisation / charity profile this account speaks for. */
  subjectId?: string;
  displayName: string;
  /** The password was reset by the county admin: the account must set its own before anything else. */
  mustChangePassword?: boolean;
}

/**
 * The tenancy filter every station-owned query must carry. Repositories take it as a required
 * parameter, so a query without a scope does not compile.
 */
export type StationScope =
  | { readonly kind: 'county'; readonly countyCode: string }
  | { readonly kind: 'station'; readonly countyCode: string; readonly stationCode: string };

/** The widest scope an actor may read station-owned records in. */
export function scopeOf(actor: Actor): StationScope {
  if (actor.role === 'admin') return { kind: 'county', countyCode: actor.countyCode };
  if (!actor.stationCode) return { kind: 'county', countyCode: actor.countyCode };
  return { kind: 'station', countyCode: actor.countyCode, stationCode: actor.stationCode };
}

/**
 * The actor's scope, narrowed to one station when asked. Every list that takes a `stationCode` filter
 * narrows through here, so a station outside the actor's scope answers 404 the same way everywhere.
 */
export function narrowScope(actor: Actor, stationCode?: string): StationScope {
  const scope = scopeOf(actor);
  if (!stationCode) return scope;
  if (!scopeIncludes(scope, stationCode)) throw notFound('社工站');
  return { kind: 'station', countyCode: scope.countyCode, stationCode };
}

/** The subject scope of a volunteer, organisation or charity account ("my own records"), or null for staff. */
export function subjectScopeOf(actor: Actor): SubjectScope | null {
  if (!actor.subjectId) return null;
  if (actor.role !== 'volunteer' && actor.role !== 'organisation' && actor.role !== 'charity') return null;
  return { kind: actor.role, countyCode: actor.countyCode, subjectId: actor.subjectId };
}

/** The mongo filter fields of a scope. */
export function scopeFilter(scope: StationScope): { countyCode: string; stationCode?: string } {
  return scope.kind === 'county' ? { countyCode: scope.countyCode } : { countyCode: scope.countyCode, stationCode: scope.stationCode };
}

/** Whether a station lies within a scope. */
export function scopeIncludes(scope: StationScope, stationCode: string): boolean {
  return scope.kind === 'county' ? stationCode.startsWith(scope.countyCode) : stationCode === scope.stationCode;
}

/** Whether an actor may see sensitive fields of a station's beneficiaries: its coordinators and the county admin. */
export function maySeeSensitive(actor: Actor, stationCode: string): boolean {
  if (actor.role === 'admin') return stationCode.startsWith(actor.countyCode);
  return actor.role === 'coordinator' && actor.stationCode === stationCode;
}
