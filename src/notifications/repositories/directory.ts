import type { Urgency } from '../../contracts/views.js';
import { needs } from '../../needs/repository.js';
import { organisations } from '../../organisations/repository.js';
import { charities, resources } from '../../resources/repository.js';
import { AppError } from '../../http/errors.js';
import { isObjectId } from '../../shared/model.js';
import { volunteers } from '../../volunteers/repository.js';
import type { RecipientKind } from '../messages.js';

/**
 * Reads of other areas' records that delivery needs: a person's phone (read at send time, so the
 * outbox never holds one) and a need's urgency and community (assignment events carry neither). The
 * delivery worker is a background job, hence the areas' `.unscoped` access.
 */
export const directory = {
  async phoneOf(kind: Exclude<RecipientKind, 'station'>, id: string, countyCode: string): Promise<string | null> {
    if (!isObjectId(id)) return null;
    if (kind === 'volunteer') return (await volunteers.unscoped.findOne({ _id: id }))?.phone ?? null;
    if (kind === 'organisation') return (await organisations.unscoped.findOne({ _id: id }))?.contactPhone ?? null;
    const charity = await charities.getOwn({ kind: 'charity', countyCode, subjectId: id }).catch((err: unknown) => {
      // getOwn answers 404 for a charity that is gone: no phone, so the item is retried and then dead-lettered.
      if (err instanceof AppError && err.status === 404) return null;
      throw err;
    });
    return charity?.contactPhone ?? null;
  },

  async needSummary(needId: string): Promise<{ urgency: Urgency; communityCode: string; stationCode: string } | null> {
    if (!isObjectId(needId)) return null;
    const need = await needs.unscoped.findOne({ _id: needId });
    return need ? { urgency: need.urgency, communityCode: need.communityCode, stationCode: need.stationCode } : null;
  },

  /** Available resources whose expiry falls in (from, to], for the charity's advance notice. */
  async resourcesExpiringBetween(
    from: Date,
    to: Date,
    limit: number,
  ): Promise<Array<{ _id: unknown; countyCode: string; charityId: string; category: string }>> {
    return resources.unscoped.expiringBetween(from, to, limit);
  },
};
