import { shortCommunityName } from '../households/places.js';
import { stationRepository } from '../stations/repository.js';

/** An open station as the public registration form lists it (names only: public information). */
export interface RegistrationStation {
  code: string;
  name: string;
  communities: Array<{ code: string; name: string }>;
}

/**
 * The stations a volunteer or organisation may register to: every open station, with its villages
 * (for the home village). Station names and codes are public; nothing else is listed.
 */
export async function stationsForRegistration(): Promise<RegistrationStation[]> {
  const counties = [...new Set((await stationRepository.codes()).map((c) => c.slice(0, 6)))].sort();
  const lists = await Promise.all(counties.map((c) => stationRepository.inCounty(c, { openOnly: true })));
  return lists.flat().map((s) => ({
    code: s.code,
    name: s.name,
    communities: s.communities.map((c) => ({ code: c.code, name: shortCommunityName(c.name) })),
  }));
}
