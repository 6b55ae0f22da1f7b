import type { Actor } from '../auth/actor.js';
import { createAuth } from '../auth/create.js';
import type { Auth } from '../auth/service.js';
import { takeOrganisationCapacity } from '../organisations/capacity.js';
import type { OrganisationDoc } from '../organisations/model.js';
import { registerOrganisation } from '../organisations/register.js';
import { approveOrganisation } from '../organisations/review.js';
import { allocateResource } from '../resources/allocate.js';
import { createCharity } from '../resources/charity.js';
import { postResource } from '../resources/post.js';
import type { ResourcePost } from '../resources/schema.js';
import { listStations, loadStationsFromDivisions } from '../stations/service.js';
import { dayOf, monthOf } from '../shared/china-time.js';
import { registerVolunteer } from '../volunteers/register.js';
import { volunteers } from '../volunteers/repository.js';
import { approveVolunteer, rejectVolunteer } from '../volunteers/review.js';
import { takeVolunteerSlot } from '../volunteers/slots.js';
import { DEMO_CHARITIES, DEMO_ORGANISATIONS, DEMO_VOLUNTEERS, TOWN_CENTRES } from './supply-data.js';

/** A demo sign-in to print for people trying the product. */
export interface DemoAccount {
  role: 'volunteer' | 'organisation' | 'charity';
  username: string;
  password: string;
  displayName: string;
}

/** What seedSupplyDemo created (or found already there). */
export interface SupplyDemoResult {
  accounts: DemoAccount[];
  volunteers: number;
  organisations: number;
  charities: number;
  resources: number;
  created: boolean;
}

const DAY = 86_400_000;

/** Deterministic jitter so the demo looks the same on every run. */
function jitter(i: number, scale = 0.02): { dLat: number; dLng: number } {
  const a = Math.sin(i * 12.9898) * 43758.5453;
  const b = Math.sin(i * 78.233) * 12345.6789;
  return { dLat: ((a - Math.floor(a)) * 2 - 1) * scale, dLng: ((b - Math.floor(b)) * 2 - 1) * scale };
}

function near(town: string, i: number) {
  const c = TOWN_CENTRES[town]!;
  const { dLat, dLng } = jitter(i);
  return { lat: Math.round((c.lat + dLat) * 10_000) / 10_000, lng: Math.round((c.lng + dLng) * 10_000) / 10_000 };
}

/** Demo phones: 199 + 8 digits, one range per role. */
const phoneOf = (role: number, i: number) => `199${role}${String(i + 1).padStart(7, '0')}`;

/**
 * Seeds the supply side of the demo county (临泽县 620723 by default): ~30 volunteers (nurses,
 * teachers vetted for children, handymen, drivers; some full, far, pending, rejected or without a
 * location), 9 organisations (one full this month, one pending) and 3 charities with 13 resources
 * (some expired, depleted or not yet available). Idempotent: a second run finds the demo accounts
 * and creates nothing. Returns the demo accounts to print.
 */
export async function seedSupplyDemo(opts: { countyCode: string; auth?: Auth; now?: Date; password?: string }): Promise<SupplyDemoResult> {
  const { countyCode } = opts;
  const now = opts.now ?? new Date();
  const password = opts.password ?? 'demo-pass-2026';
  const auth = opts.auth ?? createAuth({ ACCESS_TOKEN_TTL_SECONDS: 900, REFRESH_TOKEN_TTL_DAYS: 14 });
  const accounts: DemoAccount[] = [
    { role: 'volunteer', username: phoneOf(1, 0), password, displayName: DEMO_VOLUNTEERS[0]!.name },
    { role: 'organisation', username: phoneOf(2, 0), password, displayName: DEMO_ORGANISATIONS[0]!.name },
    { role: 'charity', username: phoneOf(3, 0), password, displayName: DEMO_CHARITIES[0]!.name },
  ];
  const counts = { volunteers: DEMO_VOLUNTEERS.length, organisations: DEMO_ORGANISATIONS.length, charities: DEMO_CHARITIES.length };
  const resourceCount = DEMO_CHARITIES.reduce((n, c) => n + c.resources.length, 0);
  // The first demo volunteer's profile exists exactly when its account does (one registration path).
  if (await volunteers.unscoped.findOne({ phone: accounts[0]!.username })) {
    return { accounts, ...counts, resources: resourceCount, created: false };
  }
  // Stations normally exist (bootstrap); load them only into an empty database.
  if ((await listStations({ kind: 'county', countyCode })).length === 0) await loadStationsFromDivisions();
  const seeder: Actor = { userId: 'demo-seed', sessionId: 'demo-seed', role: 'admin', countyCode, displayName: '演示数据' };
  const station = (town: string) => `${countyCode}${town.slice(6)}`;

  for (const [i, v] of DEMO_VOLUNTEERS.entries()) {
    const doc = await registerVolunteer({
      auth,
      input: {
        phone: phoneOf(1, i),
        password,
        stationCode: station(v.town),
        name: v.name,
        skills: [...v.skills],
        description: v.description,
        certifications: [...v.certifications],
        availability: v.days.map((day) => ({ day, start: v.hours[0], end: v.hours[1] })),
        datesOff: [],
        location: v.state === 'no_location' ? undefined : near(v.town, i + 1),
        radiusKm: v.radiusKm,
        maxActive: v.maxActive,
      },
    });
    const id = String(doc._id);
    if (v.state === 'pending') continue;
    if (v.state === 'rejected') {
      await rejectVolunteer({ actor: seeder, id, note: '资料不全，请补充身份证明' });
      continue;
    }
    await approveVolunteer({ actor: seeder, id });
    for (let s = 0; s < (v.busy ?? 0); s++) await takeVolunteerSlot(id, `demo-busy-${i}-${s}`);
  }
  await volunteers.unscoped.updateMany({ phone: phoneOf(1, 0) }, { $set: { datesOff: [dayOf(new Date(now.getTime() + 7 * DAY))] } });

  for (const [i, o] of DEMO_ORGANISATIONS.entries()) {
    const coverage =
      'communities' in o.coverage
        ? { communityCodes: [...o.coverage.communities] }
        : { center: near(o.town, 100 + i), radiusKm: o.coverage.radiusKm };
    const doc: OrganisationDoc = await registerOrganisation({
      auth,
      input: {
        phone: phoneOf(2, i),
        password,
        stationCode: station(o.town),
        name: o.name,
        type: o.type,
        categories: [...o.categories],
        description: o.description,
        coverage,
        capacityPerMonth: o.capacityPerMonth,
        contactName: '联系人',
      },
    });
    if ('pending' in o) continue;
    await approveOrganisation({ actor: seeder, id: String(doc._id) });
    if ('full' in o) {
      for (let s = 0; s < o.capacityPerMonth; s++) await takeOrganisationCapacity(String(doc._id), monthOf(now), `demo-full-${i}-${s}`);
    }
  }

  for (const [i, c] of DEMO_CHARITIES.entries()) {
    const charity = await createCharity({
      auth,
      countyCode,
      input: { name: c.name, type: c.type, contactPhone: phoneOf(3, i), password, contactName: '联系人' },
    });
    const actor: Actor = {
      userId: 'demo-seed',
      sessionId: 'demo-seed',
      role: 'charity',
      countyCode,
      subjectId: String(charity._id),
      displayName: c.name,
    };
    for (const [j, r] of c.resources.entries()) {
      const expiresAt = 'expiresInDays' in r ? new Date(now.getTime() + r.expiresInDays * DAY) : undefined;
      const availableFrom = 'availableInDays' in r ? new Date(now.getTime() + r.availableInDays * DAY) : undefined;
      const input: ResourcePost = {
        kind: r.kind,
        category: r.category,
        title: r.title,
        description: r.description,
        quantity: { amount: r.amount, unit: r.unit },
        eligibility: {
          ...('groups' in r ? { groups: [...r.groups] } : {}),
          ...('communities' in r ? { communityCodes: [...r.communities] } : {}),
        },
        ...(expiresAt ? { expiresAt } : {}),
        ...(availableFrom ? { availableFrom } : {}),
        location: near('at' in r ? r.at : '620723101', 200 + i * 10 + j),
      };
      // Already-expired demo resources are posted "back then", a month before they expired.
      const postedAt = expiresAt && expiresAt <= now ? new Date(expiresAt.getTime() - 30 * DAY) : now;
      const doc = await postResource({ actor, input, now: postedAt });
      if ('depleteAt' in r) {
        await allocateResource({
          resourceId: String(doc._id),
          amount: r.amount,
          needCategory: 'material_aid',
          stationCode: station(r.depleteAt),
          countyCode: doc.countyCode,
          now,
        });
      }
    }
  }
  return { accounts, ...counts, resources: resourceCount, created: true };
}
