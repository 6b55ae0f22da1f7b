import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Types } from 'mongoose';
import { scopeIncludes, type Actor, type StationScope } from '../auth/actor.js';
import { forbidden, notFound } from '../http/errors.js';
import { fieldError } from '../http/field-error.js';
import type { TemplateDoc } from './model.js';
import { templates } from './repository.js';
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
  const existing = await templates.findDefault(countyCode);
  if (existing) return existing;
  // null when installed concurrently: then the other install is the template.
  const created = await templates.insert({ ...defaultTemplate(), stationCode: null, countyCode, createdBy: 'system' });
  return created ?? (await templates.findDefault(countyCode))!;
}

/** Templates a scope may read: the county's own and its stations' (a coordinator: county-wide + own station). */
export async function listTemplates(scope: StationScope): Promise<TemplateDoc[]> {
  await ensureDefaultTemplate(scope.countyCode);
  return templates.readable(scope);
}

/** One readable template, or 404 (another station's template does not exist for you). */
export async function getTemplate(scope: StationScope, id: string): Promise<TemplateDoc> {
  const doc = await templates.get(scope, id);
  if (!doc) throw notFound('调查模板');
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
  const created = await templates.insert({
    ...input,
    _id,
    key: `custom:${_id.toHexString()}`,
    stationCode,
    countyCode: scope.countyCode,
    createdBy: actor.userId,
  });
  // The key is new: only a fresh ObjectId colliding could make the insert find it taken.
  if (!created) throw new Error(`template key custom:${_id.toHexString()} taken`);
  return created;
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
  return templates.set(doc, { ...props.patch, columnMapping: mapping });
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
  return templates.set(doc, { columnMapping: props.columnMapping });
}

function checkMapping(questions: TemplateDoc['questions'], mapping: ColumnMapping): void {
  for (const key of Object.keys(mapping)) {
    if (!questions.some((q) => q.key === key)) throw fieldError(`columnMapping.${key}`, `模板中没有题目 ${key}`);
  }
}
