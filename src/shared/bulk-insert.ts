/**
 * Unordered bulk inserts (`insertMany` with ordered: false) read per document: which were already there
 * (a unique index refused them: a replay) and which were refused for another reason.
 */
import { isDuplicateKey } from './db-errors.js';

/** What an unordered bulk insert did, by index of the documents given. */
export interface BulkInsertResult {
  /** Documents refused for another reason than "already there", with the database's reason. */
  failed: Map<number, string>;
  /** Documents a unique index refused: they (or their key) exist already. */
  duplicates: Set<number>;
}

interface WriteErrorLike {
  index: number;
  code: number;
  errmsg?: string;
}

/**
 * Runs one unordered insert of `docs` through `insert` (the repository's driver call). Refusals of single
 * documents come back by index; it throws only when the whole batch is refused (a lost connection, a
 * document over the size limit, a server error without per-document detail), so the caller can retry
 * document by document.
 */
export async function insertUnordered<D>(insert: (docs: D[]) => Promise<unknown>, docs: D[]): Promise<BulkInsertResult> {
  const failed = new Map<number, string>();
  const duplicates = new Set<number>();
  if (!docs.length) return { failed, duplicates };
  try {
    await insert(docs);
  } catch (err) {
    const writeErrors = (err as { writeErrors?: WriteErrorLike[] | WriteErrorLike }).writeErrors;
    if (!writeErrors) throw err;
    for (const e of Array.isArray(writeErrors) ? writeErrors : [writeErrors]) {
      if (isDuplicateKey(e)) duplicates.add(e.index);
      else failed.set(e.index, e.errmsg ?? String(e.code));
    }
  }
  return { failed, duplicates };
}
