import { z } from 'zod';

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
