import type { Auth } from '../auth/service.js';
import { registerAccount, stationForRegistration } from '../supply/register-account.js';
import type { OrganisationDoc } from './model.js';
import { assertCoverageInCounty, organisationSearchText, organisations } from './repository.js';
import type { OrganisationRegister } from './schema.js';

/**
 * Registers an organisation to its home station with an account (username = contact phone); it is
 * pending until a coordinator of that station approves it.
 */
export async function registerOrganisation(props: { input: OrganisationRegister; auth: Auth }): Promise<OrganisationDoc> {
  const { input, auth } = props;
  const station = await stationForRegistration(input.stationCode);
  assertCoverageInCounty(input.coverage, station.countyCode);
  const { phone, password, stationCode: _station, ...profile } = input;
  return registerAccount({
    auth,
    account: {
      role: 'organisation',
      phone,
      password,
      displayName: profile.name,
      countyCode: station.countyCode,
      stationCode: station.code,
    },
    store: {
      insert: (_id) =>
        organisations.insertProfile({
          _id,
          ...profile,
          countyCode: station.countyCode,
          stationCode: station.code,
          contactPhone: phone,
          status: 'pending',
          approved: false,
          searchText: organisationSearchText(profile),
        }),
      remove: (id) => organisations.removeProfile(id),
      link: (id, userId) => organisations.linkAccount(id, userId),
    },
    announce: (id) => ({
      type: 'organisation.registered',
      countyCode: station.countyCode,
      audience: { stationCodes: [station.code] },
      payload: { organisationId: id, stationCode: station.code, name: profile.name },
    }),
  });
}
