import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Types } from 'mongoose';
import { scopeIncludes, type Actor, type StationScope } from '../auth/actor.js';
import { AppError, badRequest, notFound } from '../http/errors.js';
import { logFailure } from '../shared/log-failure.js';
import { ensureDefaultTemplate, getTemplate } from '../surveys/templates.js';
import { emptyCounts, type ImportJobDoc } from './model.js';
import { importJobs } from './repository.js';
import { autoMapping } from './mapping.js';
import { ImportFormatError, openRows } from './parse.js';

/** Largest accepted upload. */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** Where uploads wait for their commit (one instance's disk). */
const uploadDir = () => path.join(os.tmpdir(), 'wushe-imports');

/** Uploads never committed are removed after this long; their jobs then answer that the file must be uploaded again. */
const UPLOAD_TTL_MS = 24 * 3_600_000;

/** Best effort: removes uploads older than a day that no commit ever consumed. */
async function sweepOldUploads(now = Date.now()): Promise<void> {
  const names = await readdir(uploadDir()).catch(() => [] as string[]);
  for (const name of names) {
    const file = path.join(uploadDir(), name);
    const info = await stat(file).catch(logFailure('reading an old upload', { file }));
    if (info && now - info.mtimeMs > UPLOAD_TTL_MS) await rm(file, { force: true });
  }
}

/** Streams a request body to a file, refusing more than maxBytes. Memory stays bounded. */
async function saveStream(source: Readable, file: string, maxBytes: number): Promise<number> {
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes)
        done(new AppError(413, 'payload_too_large', `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB，请拆分后再上传`));
      else done(null, chunk);
    },
  });
  await pipeline(source, limit, createWriteStream(file));
  return bytes;
}

/**
 * Receives a questionnaire export (CSV or XLSX), reads its header row and proposes a column mapping
 * for the template (its saved mapping first). Nothing but the job is written.
 */
export async function receiveUpload(props: {
  scope: StationScope;
  actor: Actor;
  body: Readable;
  filename: string;
  templateId?: string;
  stationCode?: string;
  maxBytes?: number;
}): Promise<ImportJobDoc> {
  const { scope, actor } = props;
  if (props.stationCode && !scopeIncludes(scope, props.stationCode)) throw notFound('社工站');
  const stationCode: string | null = scope.kind === 'station' ? scope.stationCode : (props.stationCode ?? null);
  const template = props.templateId ? await getTemplate(scope, props.templateId) : await ensureDefaultTemplate(scope.countyCode);

  const _id = new Types.ObjectId();
  await mkdir(uploadDir(), { recursive: true });
  await sweepOldUploads();
  const file = path.join(uploadDir(), `${_id.toHexString()}${path.extname(props.filename).slice(0, 6)}`);
  try {
    const bytes = await saveStream(props.body, file, props.maxBytes ?? MAX_UPLOAD_BYTES);
    if (bytes === 0) throw badRequest('empty_file', '没有收到文件内容，请以请求体上传 CSV 或 XLSX 文件');
    const opened = await openRows({ filename: props.filename, path: file });
    opened.close();
    return await importJobs.create({
      _id,
      countyCode: scope.countyCode,
      stationCode,
      filename: props.filename,
      filePath: file,
      bytes,
      format: opened.format,
      encoding: opened.encoding ?? null,
      templateId: String(template._id),
      headers: opened.headers,
      columnMapping: autoMapping(template.questions, opened.headers, template.columnMapping ?? {}),
      status: 'uploaded',
      totalRows: opened.totalRowsHint ?? null,
      rowsDone: 0,
      counts: emptyCounts(),
      problems: [],
      problemCount: 0,
      error: null,
      createdBy: actor.userId,
    });
  } catch (err) {
    await rm(file, { force: true });
    if (err instanceof ImportFormatError) throw fileError(err);
    throw err;
  }
}

/** The answer to an unreadable upload: 422 when it is over the limits, 400 otherwise; the message is the parser's Chinese one. */
export function fileError(err: ImportFormatError): AppError {
  return err.code === 'too_large' ? new AppError(422, 'file_too_large', err.message) : badRequest(`file_${err.code}`, err.message);
}
