import type { QueryFilter } from 'mongoose';
import { scopeFilter, type StationScope } from '../auth/actor.js';
import { withBusyRetry } from '../db/busy.js';
import { notFound } from '../http/errors.js';
import { isObjectId, trusted } from '../shared/model.js';
import { ScopedRepository, type ScopedFilter, type SubjectScope } from '../shared/scoped-repository.js';
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

function listFilter(f: AssignmentListFilter): ScopedFilter<AssignmentDoc> {
  return { ...(f.status ? { status: f.status } : {}), ...(f.needId ? { needId: f.needId } : {}) };
}

/** A new assignment as the workflow builds it (its id is chosen first: it names the capacity it holds). */
export type NewAssignment = Omit<AssignmentDoc, 'createdAt' | 'updatedAt' | 'revision'>;

/**
 * Assignments: station-owned (read by coordinators through a StationScope), and each also belongs to
 * the subject that answers for it (read through a SubjectScope). Writes retry while FerretDB is busy.
 */
class AssignmentRepository extends ScopedRepository<AssignmentDoc> {
  constructor() {
    super(AssignmentModel, '任务');
  }

  /** Jobs: pending assignments whose reminder is due and not yet sent. */
  dueForReminder(now: Date, limit = 500): Promise<AssignmentDoc[]> {
    return this.unscoped.find({ status: 'pending', remindAt: trusted({ $lte: now }), remindedAt: null }, { limit });
  }

  /** Jobs: records the reminder; false when another run (or instance) recorded it first. */
  async markReminded(id: AssignmentDoc['_id'], now: Date): Promise<boolean> {
    const marked = await AssignmentModel.updateOne({ _id: id, status: 'pending', remindedAt: null }, { $set: { remindedAt: now } });
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
    return created.toObject<AssignmentDoc>();
  }

  /**
   * Deletes an assignment that was stored but never announced, because a write made beside it failed
   * (the need's move): by _id alone. Nothing else may delete an assignment; history is kept.
   */
  async discardUnannounced(id: AssignmentDoc['_id']): Promise<void> {
    await withBusyRetry(() => AssignmentModel.deleteOne({ _id: id }));
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

  /** The subject's assignments, newest first. */
  listForSubject(subject: SubjectScope, f: AssignmentListFilter): Promise<AssignmentDoc[]> {
    return AssignmentModel.find({
      ...listFilter(f),
      countyCode: subject.countyCode,
      responderId: subject.subjectId,
      'candidate.kind': KIND_OF_SUBJECT[subject.kind],
    } as QueryFilter<AssignmentDoc>)
      .sort({ _id: -1 })
      .limit(f.limit)
      .lean<AssignmentDoc[]>();
  }

  /** Assignments within a station scope, newest first. */
  async listInScope(scope: StationScope, f: AssignmentListFilter): Promise<AssignmentDoc[]> {
    const page = await this.page(scope, listFilter(f), { limit: f.limit });
    return page.items;
  }

  /** Assignments waiting for an answer and those accepted or in service: true totals for the board. */
  async activeCounts(scope: StationScope, stationCode?: string): Promise<{ pendingAssignments: number; activeAssignments: number }> {
    const narrowed: StationScope =
      stationCode && scope.kind === 'county' ? { kind: 'station', countyCode: scope.countyCode, stationCode } : scope;
    const byStatus = await this.countBy(narrowed, { status: trusted({ $in: ['pending', 'accepted', 'in_progress'] }) }, 'status');
    const count = (s: AssignmentStatus) => byStatus.get(s) ?? 0;
    return { pendingAssignments: count('pending'), activeAssignments: count('accepted') + count('in_progress') };
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
    return withBusyRetry(() =>
      AssignmentModel.findByIdAndUpdate(
        a._id,
        { $set: { ...set, revision: revision + 1 }, $push: { history: entry } },
        { returnDocument: 'after' },
      ).lean<AssignmentDoc>(),
    );
  }

  /** Candidates that turned a need down or let it lapse ("kind:id"): not proposed again. */
  async refusedCandidates(scope: StationScope, needId: string): Promise<Set<string>> {
    const rows = await this.findAll(scope, { needId, status: trusted({ $in: ['declined', 'expired'] as AssignmentStatus[] }) });
    return new Set(rows.map((r) => `${r.candidate.kind}:${r.candidate.id}`));
  }

  /** refusedCandidates for several needs in one query: needId → "kind:id" set. */
  async refusedByNeed(scope: StationScope, needIds: string[]): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>(needIds.map((id) => [id, new Set<string>()]));
    if (!needIds.length) return out;
    const rows = await this.findAll(scope, {
      needId: trusted({ $in: needIds }),
      status: trusted({ $in: ['declined', 'expired'] as AssignmentStatus[] }),
    });
    for (const r of rows) out.get(r.needId)?.add(`${r.candidate.kind}:${r.candidate.id}`);
    return out;
  }

  /** Assignments of a need that hold capacity (pending, accepted, in progress). */
  liveForNeed(scope: StationScope, needId: string): Promise<AssignmentDoc[]> {
    return this.findAll(scope, { needId, status: trusted({ $in: ACTIVE_STATUSES }) });
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
