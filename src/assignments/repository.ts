import { scopeFilter, type StationScope } from '../auth/actor.js';
import { withBusyRetry } from '../db/busy.js';
import { notFound } from '../http/errors.js';
import { isObjectId, trusted } from '../shared/model.js';
import { CountyMirror } from '../shared/county-mirror.js';
import { ScopedRepository, withinScope, type SubjectScope } from '../shared/scoped-repository.js';
import { ACTIVE_STATUSES } from './lifecycle.js';
import { AssignmentModel, type AssignmentDoc, type AssignmentHistoryEntry, type AssignmentStatus, type CandidateKind } from './model.js';

/** The candidate kind a subject answers for: a charity answers for its resources. */
const KIND_OF_SUBJECT: Record<SubjectScope['kind'], CandidateKind> = {
  volunteer: 'volunteer',
  organisation: 'organisation',
  charity: 'resource',
};

/** What the lists filter on, besides scope. */
export interface AssignmentListFilter {
  status?: AssignmentStatus;
  needId?: string;
  limit: number;
}

/** The list filter as a predicate over the mirror (same meaning as a query with these fields). */
const matchesList = (f: AssignmentListFilter) => (a: AssignmentDoc) =>
  (!f.status || a.status === f.status) && (!f.needId || a.needId === f.needId);

/** Newest first (ids grow with time), at most `limit`. */
const newestFirst = (rows: AssignmentDoc[], limit: number) => rows.sort((a, b) => (String(a._id) < String(b._id) ? 1 : -1)).slice(0, limit);

/** A county scope narrowed to one station when one is named. */
const narrowTo = (scope: StationScope, stationCode?: string): StationScope =>
  stationCode && scope.kind === 'county' ? { kind: 'station', countyCode: scope.countyCode, stationCode } : scope;

const REFUSED: ReadonlySet<AssignmentStatus> = new Set(['declined', 'expired']);

/**
 * The assignments of each county in memory: the board's counts and lists, the volunteers' own lists and
 * the refusals every suggestion request reads come from here instead of a scan of the collection.
 */
export const assignmentMirror = new CountyMirror<AssignmentDoc>('assignments', {
  loadCounty: (countyCode) => AssignmentModel.find({ countyCode }).lean<AssignmentDoc[]>().exec(),
  loadOne: (id) => AssignmentModel.findById(id).lean<AssignmentDoc>().exec(),
});

/** A new assignment as the workflow builds it (its id is chosen first: it names the capacity it holds). */
export type NewAssignment = Omit<AssignmentDoc, 'createdAt' | 'updatedAt' | 'revision'>;

/**
 * Assignments: station-owned (read by coordinators through a StationScope), and each also belongs to
 * the subject that answers for it (read through a SubjectScope). Writes retry while FerretDB is busy.
 */
class AssignmentRepository extends ScopedRepository<AssignmentDoc> {
  constructor() {
    super(AssignmentModel, '任务', assignmentMirror);
  }

  /** The assignments of the scope's county within the scope, from the mirror. */
  private async inScope(scope: StationScope, keep: (a: AssignmentDoc) => boolean = () => true): Promise<AssignmentDoc[]> {
    const out: AssignmentDoc[] = [];
    for (const a of (await assignmentMirror.read(scope.countyCode)).values()) if (withinScope(a, scope) && keep(a)) out.push(a);
    return out;
  }

  /** The assignments of some needs within the scope (a household's record), from the mirror. */
  async ofNeeds(scope: StationScope, needIds: readonly string[]): Promise<AssignmentDoc[]> {
    const ids = new Set(needIds);
    return ids.size ? this.inScope(scope, (a) => ids.has(a.needId)) : [];
  }

  /** Jobs: pending assignments whose reminder is due and not yet sent. */
  dueForReminder(now: Date, limit = 500): Promise<AssignmentDoc[]> {
    return this.unscoped.find({ status: 'pending', remindAt: trusted({ $lte: now }), remindedAt: null }, { limit });
  }

  /** Jobs: records the reminder; false when another run (or instance) recorded it first. */
  async markReminded(id: AssignmentDoc['_id'], now: Date): Promise<boolean> {
    const marked = await AssignmentModel.updateOne({ _id: id, status: 'pending', remindedAt: null }, { $set: { remindedAt: now } });
    if (marked.modifiedCount === 1) await assignmentMirror.changed(String(id));
    return marked.modifiedCount === 1;
  }

  /** Jobs: pending assignments past their escalation time. */
  overdue(now: Date, limit = 500): Promise<AssignmentDoc[]> {
    return this.unscoped.find({ status: 'pending', escalateAt: trusted({ $lte: now }) }, { limit });
  }

  /** Stores a new assignment; a busy database is retried (the insert either happened or not). */
  async insert(doc: NewAssignment): Promise<AssignmentDoc> {
    const [created] = await withBusyRetry(() => AssignmentModel.insertMany([{ ...doc, revision: 0 }]));
    if (!created) throw new Error('insertMany returned no document');
    const out = created.toObject<AssignmentDoc>();
    assignmentMirror.put(out);
    return out;
  }

  /**
   * Deletes an assignment that was stored but never announced, because a write made beside it failed
   * (the need's move): by _id alone. Nothing else may delete an assignment; history is kept.
   */
  async discardUnannounced(id: AssignmentDoc['_id']): Promise<void> {
    await withBusyRetry(() => AssignmentModel.deleteOne({ _id: id }));
    assignmentMirror.removed([String(id)]);
  }

  /** One assignment the subject answers for, or 404 (also for another subject's). */
  async getForSubject(subject: SubjectScope, id: string): Promise<AssignmentDoc> {
    // By _id alone (FerretDB answers only that from an index); whose it is, checked here.
    const a = isObjectId(id) ? await AssignmentModel.findById(id).lean<AssignmentDoc>() : null;
    const theirs =
      a !== null &&
      a.countyCode === subject.countyCode &&
      a.responderId === subject.subjectId &&
      a.candidate.kind === KIND_OF_SUBJECT[subject.kind];
    if (!theirs) throw notFound('任务');
    return a;
  }

  /** The subject's assignments, newest first (from the county's mirror). */
  async listForSubject(subject: SubjectScope, f: AssignmentListFilter): Promise<AssignmentDoc[]> {
    const kind = KIND_OF_SUBJECT[subject.kind];
    const keep = matchesList(f);
    const rows: AssignmentDoc[] = [];
    for (const a of (await assignmentMirror.read(subject.countyCode)).values()) {
      if (a.responderId === subject.subjectId && a.candidate.kind === kind && keep(a)) rows.push(a);
    }
    return newestFirst(rows, f.limit);
  }

  /** Assignments within a station scope, newest first (from the county's mirror). */
  async listInScope(scope: StationScope, f: AssignmentListFilter): Promise<AssignmentDoc[]> {
    return newestFirst(await this.inScope(scope, matchesList(f)), f.limit);
  }

  /** Assignments waiting for an answer and those accepted or in service: true totals for the board. */
  async activeCounts(scope: StationScope, stationCode?: string): Promise<{ pendingAssignments: number; activeAssignments: number }> {
    let pending = 0;
    let active = 0;
    for (const a of await this.inScope(narrowTo(scope, stationCode))) {
      if (a.status === 'pending') pending++;
      else if (a.status === 'accepted' || a.status === 'in_progress') active++;
    }
    return { pendingAssignments: pending, activeAssignments: active };
  }

  /** The current state of an assignment (after a lost race, to say why). */
  async reread(a: Pick<AssignmentDoc, '_id' | 'countyCode' | 'stationCode'>): Promise<AssignmentDoc | null> {
    return this.tryGet({ kind: 'station', countyCode: a.countyCode, stationCode: a.stationCode }, String(a._id));
  }

  /**
   * Writes the move from `revision` to `revision + 1`, with a history entry. The caller read the
   * assignment within its scope and holds that revision's claim (the single-winner step), so the
   * write goes by _id alone. Null when the record is gone.
   */
  async writeMove(
    a: Pick<AssignmentDoc, '_id'>,
    revision: number,
    set: Record<string, unknown>,
    entry: AssignmentHistoryEntry,
  ): Promise<AssignmentDoc | null> {
    const written = await withBusyRetry(() =>
      AssignmentModel.findByIdAndUpdate(
        a._id,
        { $set: { ...set, revision: revision + 1 }, $push: { history: entry } },
        { returnDocument: 'after' },
      ).lean<AssignmentDoc>(),
    );
    this.observe(String(a._id), written);
    return written;
  }

  /** Candidates that turned a need down or let it lapse ("kind:id"): not proposed again. */
  async refusedCandidates(scope: StationScope, needId: string): Promise<Set<string>> {
    const rows = await this.inScope(scope, (a) => a.needId === needId && REFUSED.has(a.status));
    return new Set(rows.map((r) => `${r.candidate.kind}:${r.candidate.id}`));
  }

  /** refusedCandidates for several needs at once: needId → "kind:id" set. */
  async refusedByNeed(scope: StationScope, needIds: string[]): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>(needIds.map((id) => [id, new Set<string>()]));
    if (!needIds.length) return out;
    for (const r of await this.inScope(scope, (a) => REFUSED.has(a.status) && out.has(a.needId))) {
      out.get(r.needId)?.add(`${r.candidate.kind}:${r.candidate.id}`);
    }
    return out;
  }

  /** Assignments of a need that hold capacity (pending, accepted, in progress). */
  async liveForNeed(scope: StationScope, needId: string): Promise<AssignmentDoc[]> {
    const live: ReadonlySet<AssignmentStatus> = new Set(ACTIVE_STATUSES);
    return (await this.inScope(scope, (a) => a.needId === needId && live.has(a.status))).sort((a, b) =>
      String(a._id) < String(b._id) ? -1 : 1,
    );
  }
}

/** The one way to the assignments collection. */
export const assignments = new AssignmentRepository();

// Read-only facts for the station statistics (src/station-stats/).

/** First assignment time of each need (FerretDB has no $min accumulator: found in code). */
export async function firstAssignments(needIds: string[]): Promise<Map<string, Date>> {
  const first = new Map<string, Date>();
  for (let i = 0; i < needIds.length; i += 1000) {
    const rows = await AssignmentModel.find({ needId: trusted({ $in: needIds.slice(i, i + 1000) }) }, { needId: 1, createdAt: 1 }).lean<
      Array<{ needId: string; createdAt: Date }>
    >();
    for (const r of rows) {
      const at = new Date(r.createdAt);
      const seen = first.get(r.needId);
      if (!seen || at < seen) first.set(r.needId, at);
    }
  }
  return first;
}

export interface CompletedAssignment {
  stationCode: string;
  needId: string;
  updatedAt: Date;
}

/** Assignments completed in [from, to) (their last change is the completion: completed is final). */
export function assignmentsCompletedBetween(scope: StationScope, from: Date, to: Date): Promise<CompletedAssignment[]> {
  return AssignmentModel.find(
    { ...scopeFilter(scope), status: 'completed', updatedAt: trusted({ $gte: from, $lt: to }) },
    { stationCode: 1, needId: 1, updatedAt: 1 },
  ).lean<CompletedAssignment[]>();
}

/** An assignment's station and status within scope, or null. */
export async function assignmentState(scope: StationScope, id: string): Promise<{ stationCode: string; status: string } | null> {
  return AssignmentModel.findOne({ ...scopeFilter(scope), _id: id }, { stationCode: 1, status: 1 }).lean<{
    stationCode: string;
    status: string;
  }>();
}
