import { createHash } from 'node:crypto';
import { categoryName } from '../needs/taxonomy.js';
import type { OrganisationDoc } from '../organisations/model.js';
import type { StationDoc } from '../stations/model.js';
import { activeStations, approvedOrganisations } from './repository.js';

/**
 * HSDS 3.0 (Human Services Data Specification) export of the county's service directory:
 * organisations (community organisations and the stations themselves), their services, and locations.
 * HSDS ids are UUIDs; ours are ObjectIds and station codes, so each id is a name-based UUID
 * (RFC 4122 version 5 layout over SHA-1) of a stable key: the same record always exports the same id.
 */
export function uuidOf(key: string): string {
  const h = createHash('sha1').update(`wushe-linkage:${key}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export interface HsdsOrganization {
  id: string;
  name: string;
  description: string;
  alternate_name?: string;
  legal_status?: string;
}
export interface HsdsService {
  id: string;
  organization_id: string;
  name: string;
  description: string;
  status: 'active' | 'inactive';
  eligibility_description?: string;
}
export interface HsdsLocation {
  id: string;
  location_type: 'physical' | 'virtual';
  organization_id: string;
  name: string;
  description?: string;
  latitude?: number;
  longitude?: number;
  external_identifier?: string;
  external_identifier_type?: string;
}
export interface HsdsBundle {
  organizations: HsdsOrganization[];
  services: HsdsService[];
  locations: HsdsLocation[];
}

function stationParts(s: StationDoc, out: HsdsBundle): void {
  const orgId = uuidOf(`station:${s.code}`);
  const name = `${s.name.replace(/(人民政府|街道办事处)$/u, '')}社会工作服务站`;
  out.organizations.push({
    id: orgId,
    name,
    description: `${s.provinceName}${s.cityName}${s.countyName}${s.name}的乡镇（街道）社会工作服务站，面向 ${s.communities.length} 个村（社区）提供社会救助、养老服务、儿童关爱、社区治理等社会工作服务。`,
    legal_status: '政府购买服务项目',
  });
  out.services.push({
    id: uuidOf(`station-service:${s.code}`),
    organization_id: orgId,
    name: `${name}·社会工作专业服务`,
    description: '个案、小组、社区活动，重点对象月度探访，需求登记与资源链接（五社联动）。',
    status: 'active',
    eligibility_description: '辖区居民，困难群众、弱势群体优先',
  });
  out.locations.push({
    id: uuidOf(`station-location:${s.code}`),
    location_type: 'physical',
    organization_id: orgId,
    name,
    external_identifier: s.code,
    external_identifier_type: '乡镇(街道)区划代码 GB/T 2260',
  });
}

function organisationParts(o: OrganisationDoc, out: HsdsBundle): void {
  const orgId = uuidOf(`organisation:${String(o._id)}`);
  out.organizations.push({ id: orgId, name: o.name, description: o.description || `${o.type}：${o.name}`, legal_status: o.type });
  for (const c of o.categories ?? []) {
    out.services.push({
      id: uuidOf(`organisation-service:${String(o._id)}:${c}`),
      organization_id: orgId,
      name: `${o.name}·${categoryName(c) ?? c}`,
      description: o.description || (categoryName(c) ?? c),
      status: o.status === 'approved' ? 'active' : 'inactive',
    });
  }
  if ('center' in o.coverage) {
    out.locations.push({
      id: uuidOf(`organisation-location:${String(o._id)}`),
      location_type: 'physical',
      organization_id: orgId,
      name: `${o.name}服务点`,
      description: `服务半径 ${o.coverage.radiusKm} 公里`,
      latitude: o.coverage.center.lat,
      longitude: o.coverage.center.lng,
    });
  }
}

/** The HSDS bundle of a county: no personal data (organisations' contact phones are left out). */
export async function hsdsExport(countyCode: string): Promise<HsdsBundle> {
  const out: HsdsBundle = { organizations: [], services: [], locations: [] };
  for (const s of await activeStations(countyCode)) stationParts(s, out);
  for (const o of await approvedOrganisations(countyCode)) organisationParts(o, out);
  return out;
}
