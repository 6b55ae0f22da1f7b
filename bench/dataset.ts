import { defaultTaxonomy } from '../matchers/config.js';
import type { Need, Organisation, Pool, Resource, Volunteer, Window } from '../matchers/types.js';
import { rng } from '../src/shared/seeded-random.js';
import { BENEFICIARY_GROUPS } from '../src/contracts/groups.js';

/** Townships of 临泽县 with approximate centres. */
const TOWNS = [
  { code: '620723101', lat: 39.152, lng: 100.164, weight: 4 },
  { code: '620723102', lat: 39.205, lng: 100.07, weight: 2 },
  { code: '620723103', lat: 39.262, lng: 99.985, weight: 1.5 },
  { code: '620723104', lat: 39.335, lng: 99.86, weight: 1.5 },
  { code: '620723105', lat: 39.3, lng: 99.93, weight: 1 },
  { code: '620723106', lat: 39.18, lng: 99.99, weight: 1.5 },
  { code: '620723107', lat: 39.05, lng: 100.25, weight: 1.5 },
];
const GROUPS = BENEFICIARY_GROUPS;
const CERTS = ['教师资格证', '持证社工', '儿童主任', '心理咨询师', '无犯罪记录证明', '护士', '养老护理员', '驾驶证', '电工证'];
const FILLER = [
  '老人行动不便',
  '子女在外地打工',
  '家里只有一个人',
  '身体不太好',
  '希望尽快安排',
  '村里反映的情况',
  '入户走访时发现',
  '每周需要',
  '腿脚不好',
  '家庭经济困难',
];
const UNITS: Record<string, string> = { material_aid: '件', financial_aid: '元' };

/** The element a generator is sure is there (a fixed table's entry); a broken table fails loudly. */
function must<T>(x: T | undefined, what: string): T {
  if (x === undefined) throw new Error(`dataset: no ${what}`);
  return x;
}

/** A generated county: the pool, open needs and the clock. */
export interface County {
  pool: Pool;
  needs: Need[];
  now: string;
}

/** Generate a seeded county-scale dataset with Chinese text drawn from the taxonomy vocabulary. */
export function generateCounty(opts: { seed?: number; needs?: number; candidates?: number; deadlines?: boolean } = {}): County {
  const rand = rng(opts.seed ?? 42);
  const nNeeds = opts.needs ?? 10_000;
  const nCand = opts.candidates ?? 10_000;
  const pick = <T>(xs: readonly T[]): T => must(xs[Math.floor(rand() * xs.length)], 'element to pick');
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const gauss = () => (rand() + rand() + rand() - 1.5) / 1.5; // ≈ N(0, 0.5), bounded
  const totalW = TOWNS.reduce((s, t) => s + t.weight, 0);
  const town = () => {
    let x = rand() * totalW;
    for (const t of TOWNS) if ((x -= t.weight) <= 0) return t;
    return must(TOWNS[0], 'town');
  };
  const comms = (t: (typeof TOWNS)[number]) => Array.from({ length: 12 }, (_, i) => `${t.code}2${String(i + 1).padStart(2, '0')}`);
  const place = (t: (typeof TOWNS)[number], spreadKm: number) => ({
    lat: Math.round((t.lat + (gauss() * spreadKm) / 111) * 1e5) / 1e5,
    lng: Math.round((t.lng + (gauss() * spreadKm) / 86) * 1e5) / 1e5,
  });
  const cats = defaultTaxonomy.categories;
  const service = cats.filter((c) => !c.material);
  const material = cats.filter((c) => c.material);
  const words = (c: (typeof cats)[number], n: number) => Array.from({ length: n }, () => pick(c.synonyms));
  const window = (): Window => {
    const start = int(7, 19);
    const len = int(1, 4);
    return {
      day: int(0, 6),
      start: `${String(start).padStart(2, '0')}:00`,
      end: `${String(Math.min(24, start + len)).padStart(2, '0')}:00`,
    };
  };
  const nowMs = Date.parse('2026-11-23T09:00:00+08:00');
  const iso = (ms: number) => new Date(ms).toISOString();

  const nVol = Math.round(nCand * 0.5);
  const nOrg = Math.round(nCand * 0.1);
  const nRes = nCand - nVol - nOrg;
  const volunteers: Volunteer[] = Array.from({ length: nVol }, (_, i) => {
    const t = town();
    const c0 = pick(service);
    const c1 = pick(service);
    const maxActive = int(1, 5);
    return {
      id: `v${String(i).padStart(5, '0')}`,
      stationCode: t.code,
      name: `志愿者${i}`,
      skills: [...words(c0, int(1, 3)), ...words(c1, int(0, 2))],
      description: `${pick(FILLER)}，擅长${pick(c0.synonyms)}`,
      certifications: rand() < 0.45 ? [pick(CERTS)] : [],
      availability: Array.from({ length: int(1, 6) }, window),
      location: place(t, 4),
      radiusKm: pick([2, 3, 5, 5, 8, 10, 15, 20, 30]),
      maxActive,
      active: rand() < 0.1 ? maxActive : int(0, maxActive - 1),
    };
  });
  const organisations: Organisation[] = Array.from({ length: nOrg }, (_, i) => {
    const t = town();
    const first = pick(service);
    const cs = [first, pick(service), pick(service)].slice(0, int(1, 3));
    const cap = int(10, 60);
    return {
      id: `o${String(i).padStart(5, '0')}`,
      name: `${first.name.split('/')[0] ?? ''}服务社${i}`,
      type: pick(['社区社会组织', '社工机构', '志愿服务队']),
      categories: cs.map((c) => c.code),
      description: cs.map((c) => words(c, 2).join('、')).join('，'),
      coverage: rand() < 0.5 ? { center: place(t, 3), radiusKm: pick([5, 10, 15, 20, 40]) } : { communityCodes: comms(t) },
      capacityPerMonth: cap,
      usedThisMonth: rand() < 0.1 ? cap : int(0, cap - 1),
    };
  });
  const resources: Resource[] = Array.from({ length: nRes }, (_, i) => {
    const c = must(rand() < 0.8 ? material[0] : material[1], 'material category');
    const t = town();
    const w = words(c, 2);
    const r = rand();
    return {
      id: `r${String(i).padStart(5, '0')}`,
      donor: `爱心企业${i % 97}`,
      category: c.code,
      title: must(w[0], 'word'),
      description: `${w.join('、')}，${pick(FILLER)}`,
      remaining: { amount: rand() < 0.05 ? 0 : int(1, 500), unit: UNITS[c.code] ?? '件' },
      eligibility: {
        ...(r < 0.5 ? { groups: [pick(GROUPS), pick(GROUPS), pick(GROUPS)] } : {}),
        ...(r > 0.8 ? { communityCodes: comms(t) } : {}),
      },
      ...(rand() < 0.7 ? { expiresAt: iso(nowMs + (rand() - 0.1) * 180 * 86400_000) } : {}),
      ...(rand() < 0.5 ? { location: place(t, 3) } : {}),
    };
  });
  const needs: Need[] = Array.from({ length: nNeeds }, (_, i) => {
    const t = town();
    const isMaterial = rand() < 0.15;
    const c = isMaterial ? pick(material) : pick(service);
    const once = rand() < 0.4;
    const cs = comms(t);
    return {
      id: `n${String(i).padStart(5, '0')}`,
      stationCode: t.code,
      communityCode: pick(cs),
      ...(rand() < 0.8 ? { category: c.code } : {}),
      title: `需要${words(c, 1)[0]}`,
      description: `${pick(FILLER)}，${words(c, 2).join('、')}`,
      groups: [pick(GROUPS)],
      urgency: pick(['low', 'normal', 'normal', 'normal', 'high', 'critical'] as const),
      location: place(t, 4),
      schedule: once ? { kind: 'once', windows: [window()] } : { kind: 'recurring', windows: Array.from({ length: int(0, 3) }, window) },
      skills: [],
      ...(isMaterial ? { quantity: { amount: int(1, 20), unit: UNITS[c.code] ?? '件' } } : {}),
      status: 'open',
      source: pick(['survey', 'hotline', 'walk_in', 'referral'] as const),
    };
  });
  const now = '2026-11-23T09:00:00+08:00';
  // Same-day deadlines and response times come from a second stream, so the default county is unchanged.
  if (opts.deadlines) {
    const r2 = rng((opts.seed ?? 42) + 7919);
    for (const o of organisations) if (r2() < 0.3) o.responseHours = [1, 2, 4, 8, 48][Math.floor(r2() * 5)];
    for (const n of needs)
      if ((n.urgency === 'high' || n.urgency === 'critical') && r2() < 0.6)
        n.schedule = { ...n.schedule, dueBy: new Date(nowMs + (1 + Math.floor(r2() * 20)) * 3_600_000).toISOString() };
  }
  return { pool: { volunteers, organisations, resources }, needs, now };
}

/**
 * A province: `counties` generated counties side by side (each shifted east by its own offset, ids prefixed
 * with the county), splitting `needs` and `candidates` evenly. Candidates are county-local, as in the service:
 * each county is matched against its own pool.
 */
export function generateProvince(opts: {
  seed?: number;
  counties: number;
  needs: number;
  candidates: number;
  /** Generate only these counties (by number), e.g. one worker's share. */
  only?: (k: number) => boolean;
}): (County & { code: string })[] {
  const per = (n: number) => Math.max(1, Math.round(n / opts.counties));
  const ks = Array.from({ length: opts.counties }, (_, k) => k).filter((k) => opts.only?.(k) ?? true);
  return ks.map((k) => {
    const code = `62${String(k + 1).padStart(4, '0')}`;
    const county = generateCounty({ seed: (opts.seed ?? 42) + k, needs: per(opts.needs), candidates: per(opts.candidates) });
    const shift = <T extends { lat: number; lng: number }>(p: T): T => ({ ...p, lng: Math.round((p.lng + 0.8 * k) * 1e5) / 1e5 });
    const { volunteers, organisations, resources } = county.pool;
    return {
      code,
      now: county.now,
      pool: {
        volunteers: volunteers.map((v) => ({ ...v, id: `${code}-${v.id}`, location: shift(v.location) })),
        organisations: organisations.map((o) => ({
          ...o,
          id: `${code}-${o.id}`,
          coverage: 'center' in o.coverage ? { ...o.coverage, center: shift(o.coverage.center) } : o.coverage,
        })),
        resources: resources.map((r) => ({ ...r, id: `${code}-${r.id}`, ...(r.location ? { location: shift(r.location) } : {}) })),
      },
      needs: county.needs.map((n) => ({ ...n, id: `${code}-${n.id}`, location: shift(n.location) })),
    };
  });
}
