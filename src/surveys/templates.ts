import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Types } from 'mongoose';
import { scopeIncludes, type Actor, type StationScope } from '../auth/actor.js';
import { forbidden, notFound } from '../http/errors.js';
import { fieldError } from '../http/field-error.js';
import { isObjectId, trusted } from '../shared/model.js';
import { TemplateModel, type TemplateDoc } from './model.js';
import { TemplateCreateSchema, type ColumnMapping, type TemplateCreate } from './schema.js';

const seedFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../seeds/survey-template.json');

/** The default template shipped in seeds/survey-template.json, validated. */
export function defaultTemplate(): TemplateCreate & { key: string } {
  const raw = JSON.parse(fs.readFileSync(seedFile, 'utf8')) as Record<string, unknown> & { key: string };
  const { key, ...rest } = raw;
  return { ...TemplateCreateSchema.parse(rest), key };
}

/** Installs the default template for a county once (idempotent) and returns it. */
export async function ensureDefaultTemplate(countyCode: string): Promise<TemplateDoc> {
  const existing = await TemplateModel.findOne({ countyCode, key: 'default', stationCode: null }).lean<TemplateDoc>();
  if (existing) return existing;
  try {
    await TemplateModel.insertMany([{ ...defaultTemplate(), stationCode: null, countyCode, createdBy: 'system' }]);
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err; // installed concurrently: fine
  }
  return (await TemplateModel.findOne({ countyCode, key: 'default', stationCode: null }).lean<TemplateDoc>())!;
}

/** Templates a scope may read: the county's own and its stations' (a coordinator: county-wide + own station). */
export async function listTemplates(scope: StationScope): Promise<TemplateDoc[]> {
  await ensureDefaultTemplate(scope.countyCode);
  const stations = scope.kind === 'station' ? trusted({ $in: [null, scope.stationCode] }) : undefined;
  return TemplateModel.find({ countyCode: scope.countyCode, ...(stations ? { stationCode: stations } : {}) })
    .sort({ _id: 1 })
    .limit(500)
    .lean<TemplateDoc[]>();
}

/** One readable template, or 404 (another station's template does not exist for you). */
export async function getTemplate(scope: StationScope, id: string): Promise<TemplateDoc> {
  const doc = isObjectId(id) ? await TemplateModel.findOne({ _id: id, countyCode: scope.countyCode }).lean<TemplateDoc>() : null;
  if (!doc || (doc.stationCode && !scopeIncludes(scope, doc.stationCode))) throw notFound('调查模板');
  return doc;
}

/** A template the actor may change: county-wide ones only by the county admin, a station's by its coordinators. */
async function writableTemplate(scope: StationScope, actor: Actor, id: string): Promise<TemplateDoc> {
  const doc = await getTemplate(scope, id);
  if (doc.stationCode === null && actor.role !== 'admin') throw forbidden('全县通用模板只能由县级管理员修改，请复制为本站模板');
  return doc;
}

/** Creates a template for the actor's station (coordinator) or for the county / a station of it (admin). */
export async function createTemplate(props: { scope: StationScope; actor: Actor; input: TemplateCreate }): Promise<TemplateDoc> {
  const { scope, actor, input } = props;
  let stationCode: string | null = input.stationCode ?? null;
  if (scope.kind === 'station') stationCode = scope.stationCode;
  else if (stationCode && !scopeIncludes(scope, stationCode)) throw fieldError('stationCode', '社工站不属于本县');
  checkMapping(input.questions, input.columnMapping);
  const _id = new Types.ObjectId();
  const [created] = await TemplateModel.insertMany([
    { ...input, _id, key: `custom:${_id.toHexString()}`, stationCode, countyCode: scope.countyCode, createdBy: actor.userId },
  ]);
  return (created as unknown as { toObject(): TemplateDoc }).toObject();
}

/** Changes the name, description or questions of a template. */
export async function updateTemplate(props: {
  scope: StationScope;
  actor: Actor;
  id: string;
  patch: Partial<Pick<TemplateCreate, 'name' | 'description' | 'questions'>>;
}): Promise<TemplateDoc> {
  const doc = await writableTemplate(props.scope, props.actor, props.id);
  const questions = props.patch.questions ?? doc.questions;
  const mapping = Object.fromEntries(Object.entries(doc.columnMapping ?? {}).filter(([k]) => questions.some((q) => q.key === k)));
  return (await TemplateModel.findOneAndUpdate(
    { _id: doc._id },
    { $set: { ...props.patch, columnMapping: mapping } },
    { returnDocument: 'after' },
  ).lean<TemplateDoc>())!;
}

/** Saves the column mapping used to import questionnaire exports with this template. */
export async function saveColumnMapping(props: {
  scope: StationScope;
  actor: Actor;
  id: string;
  columnMapping: ColumnMapping;
}): Promise<TemplateDoc> {
  const doc = await writableTemplate(props.scope, props.actor, props.id);
  checkMapping(doc.questions, props.columnMapping);
  return (await TemplateModel.findOneAndUpdate(
    { _id: doc._id },
    { $set: { columnMapping: props.columnMapping } },
    { returnDocument: 'after' },
  ).lean<TemplateDoc>())!;
}

function checkMapping(questions: TemplateDoc['questions'], mapping: ColumnMapping): void {
  for (const key of Object.keys(mapping)) {
    if (!questions.some((q) => q.key === key)) throw fieldError(`columnMapping.${key}`, `模板中没有题目 ${key}`);
  }
}
