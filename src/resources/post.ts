import type { Actor } from '../auth/actor.js';
import { publish } from '../events/bus.js';
import { badRequest } from '../http/errors.js';
import { searchTextOf } from '../supply/text.js';
import { categoryName } from '../needs/taxonomy.js';
import { charityOf } from './charity.js';
import type { ResourceDoc } from './model.js';
import { resources } from './repository.js';
import type { ResourcePost } from './schema.js';

/** The stored search text of a resource. */
export function resourceSearchText(r: Pick<ResourceDoc, 'title' | 'description' | 'donor' | 'category'>): string {
  return searchTextOf(r.title, r.description, r.donor, categoryName(r.category));
}

/** A charity posts a resource; what remains starts at the posted quantity. */
export async function postResource(props: { actor: Actor; input: ResourcePost; now?: Date }): Promise<ResourceDoc> {
  const { actor, input } = props;
  const now = props.now ?? new Date();
  const charity = await charityOf(actor);
  if (input.expiresAt && input.expiresAt <= now) {
    throw badRequest('already_expired', '有效期已过，不能发布', { field: 'expiresAt' });
  }
  const doc = await resources.insert({
    ...input,
    countyCode: charity.countyCode,
    charityId: String(charity._id),
    donor: charity.name,
    status: 'available',
    searchText: resourceSearchText({ ...input, donor: charity.name }),
  });
  await publish({
    type: 'resource.posted',
    countyCode: doc.countyCode,
    audience: { charityIds: [doc.charityId] },
    payload: { resourceId: String(doc._id), category: doc.category, kind: doc.kind, remaining: doc.quantity, title: doc.title },
  });
  return doc;
}
