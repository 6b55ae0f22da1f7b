import type { Auth } from '../auth/service.js';
import { registerAccount, stationForRegistration } from '../supply/register-account.js';
import type { VolunteerDoc } from './model.js';
import { homeLocation } from './profile.js';
import { volunteerSearchText, volunteers } from './repository.js';
import type { VolunteerRegister } from './schema.js';

/** Self-registration: a pending Volunteer profile and its account (username = phone). */
export async function registerVolunteer(props: { input: VolunteerRegister; auth: Auth }): Promise<VolunteerDoc> {
  const { input, auth } = props;
  const station = await stationForRegistration(input.stationCode);
  const profile = {
    name: input.name,
    skills: input.skills ?? [],
    description: input.description ?? '',
    certifications: input.certifications ?? [],
  };
  return registerAccount({
    auth,
    account: {
      role: 'volunteer',
      phone: input.phone,
      password: input.password,
      displayName: input.name,
      countyCode: station.countyCode,
      stationCode: station.code,
    },
    store: {
      insert: (_id) =>
        volunteers.insertProfile({
          _id,
          countyCode: station.countyCode,
          stationCode: station.code,
          phone: input.phone,
          ...profile,
          verifiedCertifications: [],
          availability: input.availability ?? [],
          datesOff: input.datesOff ?? [],
          location: input.location ?? homeLocation(station.code, input).location,
          ...(input.homeCommunityCode ? { homeCommunityCode: input.homeCommunityCode } : {}),
          radiusKm: input.radiusKm ?? 5,
          maxActive: input.maxActive ?? 3,
          status: 'pending',
          approved: false,
          searchText: volunteerSearchText(profile),
        }),
      remove: (id) => volunteers.removeProfile(id),
      link: (id, userId) => volunteers.linkAccount(id, userId),
    },
    announce: (id) => ({
      type: 'volunteer.registered',
      countyCode: station.countyCode,
      audience: { stationCodes: [station.code] },
      payload: { volunteerId: id, stationCode: station.code, name: input.name },
    }),
  });
}
