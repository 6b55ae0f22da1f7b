import type { LatLng } from './types.js';

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Great-circle distance in km between two points (haversine). */
export function haversineKm(a: LatLng, b: LatLng): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLng = (b.lng - a.lng) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLng / 2) ** 2;
  // min() guards against rounding pushing s just above 1 for antipodal points.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Distance score in (0,1]: 1 at the door, 1/e at `scaleKm`; smooth so closer is always better. */
export function distanceDecay(km: number, scaleKm: number): number {
  if (!(km > 0)) return 1;
  return Math.exp(-km / scaleKm);
}

/**
 * Bounding box (lng/lat degrees) that surely contains every point within `km` of `p`;
 * used to query the kd-tree before the exact haversine check.
 */
export function boundingBox(p: LatLng, km: number): { minLng: number; minLat: number; maxLng: number; maxLat: number } {
  const dLat = km / 110.574; // km per degree of latitude (minimum), so the box errs on the large side
  const cos = Math.max(0.01, Math.cos(Math.min(89, Math.abs(p.lat) + dLat) * RAD));
  const dLng = km / (111.32 * cos);
  return { minLng: p.lng - dLng, minLat: p.lat - dLat, maxLng: p.lng + dLng, maxLat: p.lat + dLat };
}
