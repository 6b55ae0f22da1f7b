import { subjectScopeOf, type Actor } from '../auth/actor.js';
import { publish } from '../events/bus.js';
import { notFound } from '../http/errors.js';
import type { ResourceDoc } from './model.js';
import { resources } from './repository.js';
import { resourceSearchText } from './post.js';
import type { ResourcePatch } from './schema.js';

/** A charity's own resource, or 404 (another charity's resource does not exist for it). */
export async function ownResource(actor: Actor, id: string): Promise<ResourceDoc> {
  const subject = subjectScopeOf(actor);
  if (!subject) throw notFound('资源');
  return resources.getOwn(subject, id);
}

/** A charity edits the descriptive fields of its own resource (null clears an optional field). */
export async function updateOwnResource(props: { actor: Actor; id: string; patch: ResourcePatch }): Promise<ResourceDoc> {
  const { actor, id, patch } = props;
  const current = await ownResource(actor, id);
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, ''> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) $unset[key] = '';
    else if (value !== undefined) $set[key] = value;
  }
  $set.searchText = resourceSearchText({
    ...current,
    ...(patch.title ? { title: patch.title } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
  });
  const updated = await resources.updateOwn(current, Object.keys($unset).length ? { $set, $unset } : { $set });
  if (!updated) throw notFound('资源');
  await publish({
    type: 'resource.updated',
    countyCode: updated.countyCode,
    audience: { charityIds: [updated.charityId] },
    payload: { resourceId: id, status: updated.status },
  });
  return updated;
}

/** A charity withdraws its resource: nothing more can be allocated from it. */
export async function withdrawOwnResource(props: { actor: Actor; id: string }): Promise<ResourceDoc> {
  const current = await ownResource(props.actor, props.id);
  const updated = await resources.updateOwn(current, { $set: { status: 'withdrawn' } });
  if (!updated) throw notFound('资源');
  await publish({
    type: 'resource.updated',
    countyCode: current.countyCode,
    audience: { charityIds: [current.charityId] },
    payload: { resourceId: props.id, status: 'withdrawn' },
  });
  return updated;
}
