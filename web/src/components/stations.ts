import { api } from '../api';
import type { Station, User } from '../types';

/** The stations a person works in: the coordinator's own, the county admin's open ones. */
export async function stationsOf(user: User): Promise<Station[]> {
  return user.role === 'coordinator' && user.stationCode
    ? [await api<Station>(`/api/stations/${user.stationCode}`)]
    : api<Station[]>('/api/stations', { query: { openOnly: 'true' } });
}

/** Official names end in 村民委员会 / 居民委员会; people say 花园村, 东关街社区. */
export function shortVillage(name: string): string {
  return name.replace(/(村民委员会|居民委员会|村委会|居委会)$/u, '').replace(/[（(]社区[）)]$/u, '');
}

/** [code, name] of every village of the stations (with the station's name when there are several). */
export function villageOptions(stations: Station[]): [string, string][] {
  return stations.flatMap((s) =>
    s.communities.map((c): [string, string] => [c.code, stations.length > 1 ? `${s.name} ${shortVillage(c.name)}` : shortVillage(c.name)]),
  );
}
