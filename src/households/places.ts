import { createHash } from 'node:crypto';
import type { Location } from '../shared/geo.js';
import type { StationDoc } from '../stations/model.js';

/**
 * Approximate centres of townships we know (临泽县), so records imported without coordinates
 * still get a usable location. A community gets a stable offset of at most ~2 km around it.
 * Coordinates are rough (WGS84, two decimals): good enough for distance ranking, not for navigation.
 */
const TOWNSHIP_CENTRES: Record<string, Location> = {
  '620723101': { lat: 39.15, lng: 100.16 }, // 沙河镇（县城）
  '620723102': { lat: 39.1, lng: 100.24 }, // 新华镇
  '620723103': { lat: 39.27, lng: 100.05 }, // 蓼泉镇
  '620723104': { lat: 39.23, lng: 100.13 }, // 平川镇
  '620723105': { lat: 39.3, lng: 99.98 }, // 板桥镇
  '620723106': { lat: 39.21, lng: 100.04 }, // 鸭暖镇
  '620723107': { lat: 39.06, lng: 100.1 }, // 倪家营镇
};

/** Approximate location of a community (village) from its township's centre, or undefined when unknown. */
export function approximateLocation(communityCode: string): Location | undefined {
  const centre = TOWNSHIP_CENTRES[communityCode.slice(0, 9)];
  if (!centre) return undefined;
  const h = createHash('sha1').update(communityCode).digest();
  const off = (b: number) => ((b / 255) * 2 - 1) * 0.02;
  return { lat: round(centre.lat + off(h[0]!)), lng: round(centre.lng + off(h[1]!)) };
}

const round = (x: number) => Math.round(x * 1e5) / 1e5;

/** Official names carry 村民委员会 / 居民委员会; questionnaires say 花园村 / 东关街社区. */
export function shortCommunityName(name: string): string {
  return name.replace(/(村民委员会|居民委员会|村委会|居委会)$/u, '').replace(/[（(]社区[）)]$/u, '');
}

/** The community of a station named by questionnaire text ("东关街社区", "花园村", "花园"), or undefined. */
export function communityByName(station: Pick<StationDoc, 'communities'>, text: string): { code: string; name: string } | undefined {
  const t = text.replace(/\s/gu, '').replace(/[（(]社区[）)]$/u, '');
  if (!t) return undefined;
  const exact = station.communities.find((c) => shortCommunityName(c.name) === t || c.name === t);
  if (exact) return exact;
  const bare = (s: string) => s.replace(/(社区|村)$/u, '');
  const loose = station.communities.filter((c) => bare(shortCommunityName(c.name)) === bare(t));
  return loose.length === 1 ? loose[0] : undefined;
}
