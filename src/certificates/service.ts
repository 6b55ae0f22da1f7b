import { narrowScope, type Actor } from '../auth/actor.js';
import { esc, printPage } from '../exports/print.js';
import { maskName } from '../households/presenter.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { dayOf, monthOf } from '../shared/china-time.js';
import type { ScopedFilter } from '../shared/scoped-repository.js';
import { hoursTotals } from '../volunteers/hours.js';
import type { VolunteerDoc } from '../volunteers/model.js';
import { getVolunteer } from '../volunteers/queries.js';
import { volunteers } from '../volunteers/repository.js';
import { confirmedHours, starLevelOf } from './hours.js';
import { certificateBySerial, certificateKey, insertCertificate, type CertificateDoc } from './repository.js';
import { codeOf, macMatches, newSerial, parseCode } from './sign.js';

/** An issued certificate as its holder and staff see it. */
export interface CertificateView {
  code: string;
  name: string;
  stationCode: string;
  from: string;
  to: string;
  hours: number;
  issuedAt: string;
  verifyPath: string;
}

async function present(c: CertificateDoc): Promise<CertificateView> {
  const code = codeOf(await certificateKey(), c);
  return {
    code,
    name: c.name,
    stationCode: c.stationCode,
    from: c.from,
    to: c.to,
    hours: c.hours,
    issuedAt: new Date(c.createdAt).toISOString(),
    verifyPath: `/verify/${code}`,
  };
}

/** Issues a 志愿服务记录证明 for a period from confirmed hours: a volunteer their own, staff any volunteer in scope. */
export async function issueCertificate(actor: Actor, input: { from: string; to: string; volunteerId?: string }): Promise<CertificateView> {
  if (input.from > input.to) throw badRequest('period_reversed', '证明期开始月份不能晚于结束月份', { field: 'from' });
  if (input.to > monthOf(new Date())) throw badRequest('period_in_future', '证明期不能晚于本月', { field: 'to' });
  const id = actor.role === 'volunteer' ? (actor.subjectId ?? '-') : input.volunteerId;
  if (!id) throw badRequest('volunteer_required', '请指定志愿者', { field: 'volunteerId' });
  const volunteer = await getVolunteer(actor, id);
  const hours = await confirmedHours(
    { countyCode: volunteer.countyCode, volunteerId: String(volunteer._id) },
    { from: input.from, to: input.to },
  );
  if (hours <= 0) throw conflict('该时段没有已确认的志愿服务时长，无法出具证明');
  const doc = await insertCertificate({
    countyCode: volunteer.countyCode,
    stationCode: volunteer.stationCode,
    volunteerId: String(volunteer._id),
    serial: newSerial(),
    name: volunteer.name,
    from: input.from,
    to: input.to,
    hours,
    issuedBy: actor.userId,
  });
  return present(doc);
}

/** What anyone may learn from a code: whether it is genuine, and only the masked name, the hours and the period. */
export async function verifyCode(
  code: string,
): Promise<{ valid: false } | { valid: true; maskedName: string; hours: number; from: string; to: string; issuedOn: string }> {
  const parsed = parseCode(code);
  if (!parsed) return { valid: false };
  const cert = await certificateBySerial(parsed.serial);
  if (!cert || !macMatches(await certificateKey(), cert, parsed.mac)) return { valid: false };
  return {
    valid: true,
    maskedName: maskName(cert.name),
    hours: cert.hours,
    from: cert.from,
    to: cert.to,
    issuedOn: dayOf(new Date(cert.createdAt)),
  };
}

/** A certificate its holder or staff in scope may print. */
export async function certificateFor(actor: Actor, code: string): Promise<CertificateDoc> {
  const parsed = parseCode(code);
  const cert = parsed ? await certificateBySerial(parsed.serial) : null;
  if (!cert || !parsed || !macMatches(await certificateKey(), cert, parsed.mac)) throw notFound('证明');
  await getVolunteer(actor, cert.volunteerId); // 404 unless the holder or staff in scope
  return cert;
}

const monthLabel = (m: string) => `${Number(m.slice(0, 4))}年${Number(m.slice(5, 7))}月`;

/** The printable certificate (A4). */
export async function certificateHtml(cert: CertificateDoc, origin: string): Promise<string> {
  const v = await present(cert);
  const body = `<h1>志愿服务记录证明</h1>
<p class="meta">证明编号 <span class="code">${esc(cert.serial)}</span></p>
<p style="text-indent:2em;font-size:13pt;line-height:2.2">兹证明 <strong>${esc(cert.name)}</strong> 同志于 ${esc(monthLabel(cert.from))} 至 ${esc(monthLabel(cert.to))} 期间，在五社联动志愿服务中累计参加经确认的志愿服务 <strong>${esc(cert.hours)}</strong> 小时。</p>
<p style="text-indent:2em">特此证明。</p>
<p>验证码：<span class="code">${esc(v.code)}</span><br>任何人可在 ${esc(origin)}${esc(v.verifyPath)} 核验本证明（无需登录；仅显示脱敏姓名、时长和期间）。</p>
<div class="sign"><span>出具单位（盖章）</span><span>出具日期：${esc(dayOf(new Date(cert.createdAt)))}</span></div>`;
  return printPage('志愿服务记录证明', body);
}

/** The public verification page (no sign-in). */
export function verifyHtml(result: Awaited<ReturnType<typeof verifyCode>>): string {
  const body = result.valid
    ? `<h1>志愿服务记录证明核验</h1><p class="meta" data-valid="true">✔ 该证明真实有效</p>
<table><tr><th>志愿者</th><td>${esc(result.maskedName)}</td></tr><tr><th>服务期间</th><td>${esc(monthLabel(result.from))} 至 ${esc(monthLabel(result.to))}</td></tr><tr><th>志愿服务时长</th><td>${esc(result.hours)} 小时</td></tr><tr><th>出具日期</th><td>${esc(result.issuedOn)}</td></tr></table>`
    : `<h1>志愿服务记录证明核验</h1><p class="meta" data-valid="false">✘ 验证码无效：该证明不存在或已被篡改</p>`;
  return printPage('志愿服务记录证明核验', body);
}

/** A volunteer's cumulative confirmed hours and star level. */
export async function myStar(
  actor: Actor,
): Promise<{ hours: number; level: number; name: string; next: { name: string; hoursToGo: number } | null }> {
  const hours = await confirmedHours({ countyCode: actor.countyCode, volunteerId: actor.subjectId ?? '-' });
  return { hours, ...starLevelOf(hours) };
}

/** Star levels of a station's volunteers (the volunteer list's 星级 column). */
export async function stationStars(
  actor: Actor,
  stationCode?: string,
): Promise<Array<{ volunteerId: string; name: string; hours: number; level: number; starName: string }>> {
  const scope = narrowScope(actor, stationCode);
  const list = await volunteers.findAll(scope, { status: 'approved' } as ScopedFilter<VolunteerDoc>);
  // Hours count wherever they were served in the county, not only at the home station.
  const totals = new Map(
    (await hoursTotals({ kind: 'county', countyCode: actor.countyCode }, { by: 'volunteer' })).map((t) => [t.key, t.hours]),
  );
  return list.map((v) => {
    const hours = Math.round((totals.get(String(v._id)) ?? 0) * 10) / 10;
    const star = starLevelOf(hours);
    return { volunteerId: String(v._id), name: v.name, hours, level: star.level, starName: star.name };
  });
}
