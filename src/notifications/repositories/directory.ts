import { CharityModel } from '../../resources/charity.js';
import { NeedModel } from '../../needs/model.js';
import { OrganisationModel } from '../../organisations/model.js';
import { VolunteerModel } from '../../volunteers/model.js';
import { isObjectId } from '../../shared/model.js';
import type { Urgency } from '../../contracts/views.js';
import type { RecipientKind } from '../messages.js';

/**
 * Reads of other areas' records that notifications need and no exported function offers yet (a
 * person's phone, a need's urgency). Kept here, in one repository file, for the integrator to move
 * into those areas' repositories.
 */
export const directory = {
  /** The mobile number that SMS for a person goes to, read at send time so the outbox holds no phone. */
  async phoneOf(kind: Exclude<RecipientKind, 'station'>, id: string): Promise<string | null> {
    if (!isObjectId(id)) return null;
    if (kind === 'volunteer') return (await VolunteerModel.findById(id).select('phone').lean<{ phone?: string }>())?.phone ?? null;
    if (kind === 'organisation') {
      return (await OrganisationModel.findById(id).select('contactPhone').lean<{ contactPhone?: string }>())?.contactPhone ?? null;
    }
    return (await CharityModel.findById(id).select('contactPhone').lean<{ contactPhone?: string }>())?.contactPhone ?? null;
  },

  /** A need's urgency and community (assignment events carry neither). */
  async needSummary(needId: string): Promise<{ urgency: Urgency; communityCode: string; stationCode: string } | null> {
    if (!isObjectId(needId)) return null;
    return NeedModel.findById(needId)
      .select('urgency communityCode stationCode')
      .lean<{ urgency: Urgency; communityCode: string; stationCode: string }>();
  },
};
