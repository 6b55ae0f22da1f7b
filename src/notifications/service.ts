import type { z } from 'zod';
import { subjectScopeOf, type Actor } from '../auth/actor.js';
import { badRequest, conflict, forbidden, notFound } from '../http/errors.js';
import { getStation } from '../stations/service.js';
import { isObjectId } from '../shared/model.js';
import { channelConfigs, type ChannelConfigDoc, type ChannelKind } from './repositories/channels.js';
import { outbox, type OutboxDoc, type OutboxStatus } from './repositories/outbox.js';
import { preferences, type PreferenceDoc } from './repositories/preferences.js';
import { DEFAULT_QUIET_HOURS } from './quiet-hours.js';
import { ALIYUN_SMS_ENDPOINT } from './senders.js';
import type { ChannelBody, PreferenceBody } from './schema.js';

/** A county admin's target must be the county itself or one of its stations. */
async function checkTarget(actor: Actor, target: string): Promise<void> {
  if (target.length === 6) {
    if (target !== actor.countyCode) throw notFound('县(区)');
    return;
  }
  await getStation({ kind: 'county', countyCode: actor.countyCode }, target);
}

/** Sets one channel of the county or a station. Secrets left out of an edit keep their stored value. */
export async function configureChannel(
  actor: Actor,
  target: string,
  kind: ChannelKind,
  body: z.infer<typeof ChannelBody>,
): Promise<ChannelConfigDoc> {
  await checkTarget(actor, target);
  const existing = await channelConfigs.get(target, kind);
  if (existing && existing.countyCode !== actor.countyCode) throw notFound('通知渠道');
  if (kind === 'sms') {
    if (!body.sms) throw badRequest('sms_required', '短信渠道需填写 AccessKey、签名和模板');
    const accessKeySecret = body.sms.accessKeySecret ?? existing?.sms?.accessKeySecret;
    if (!accessKeySecret) throw badRequest('secret_required', '请填写 AccessKey Secret');
    const sms = { ...body.sms, endpoint: body.sms.endpoint ?? ALIYUN_SMS_ENDPOINT, accessKeySecret };
    return channelConfigs.upsert(
      actor.countyCode,
      target,
      kind,
      { enabled: body.enabled, webhookUrl: null, secret: null, sms },
      actor.userId,
    );
  }
  const webhookUrl = body.webhookUrl ?? existing?.webhookUrl;
  if (!webhookUrl) throw badRequest('webhook_required', '请填写群机器人的 Webhook 地址');
  const secret = kind === 'dingtalk' ? (body.secret ?? existing?.secret ?? null) : null;
  return channelConfigs.upsert(actor.countyCode, target, kind, { enabled: body.enabled, webhookUrl, secret, sms: null }, actor.userId);
}

export async function removeChannel(actor: Actor, target: string, kind: ChannelKind): Promise<void> {
  await checkTarget(actor, target);
  if (!(await channelConfigs.remove(target, kind))) throw notFound('通知渠道');
}

export const listChannels = (actor: Actor): Promise<ChannelConfigDoc[]> => channelConfigs.listForCounty(actor.countyCode);

export const listOutbox = (actor: Actor, status: OutboxStatus, limit: number, before?: string): Promise<OutboxDoc[]> =>
  outbox.listByStatus(actor.countyCode, status, limit, before);

/** Puts a dead letter back in the queue, due now, with a fresh budget of attempts. */
export async function retryDeadLetter(actor: Actor, id: string, now: Date = new Date()): Promise<OutboxDoc> {
  const item = isObjectId(id) ? await outbox.get(id) : null;
  if (!item || item.countyCode !== actor.countyCode) throw notFound('通知');
  if (item.status !== 'dead') throw conflict('只有发送失败（死信）的通知可以重试');
  await outbox.update(item._id, { status: 'pending', attemptBase: item.attempts, nextAttemptAt: now, deferredReason: null });
  return (await outbox.get(id))!;
}

function subjectOf(actor: Actor): { kind: PreferenceDoc['subjectKind']; id: string } {
  const subject = subjectScopeOf(actor);
  if (!subject) throw forbidden('只有志愿者、社会组织和慈善组织账号有个人通知设置');
  return { kind: subject.kind, id: subject.subjectId };
}

/** The signed-in person's notification settings (defaults when never set). */
export async function myPreferences(actor: Actor): Promise<z.infer<typeof PreferenceBody> & { subjectKind: string; subjectId: string }> {
  const s = subjectOf(actor);
  const p = await preferences.get(s.kind, s.id);
  return {
    subjectKind: s.kind,
    subjectId: s.id,
    sms: p?.sms ?? true,
    quietHours: p?.quietHours?.start ? p.quietHours : DEFAULT_QUIET_HOURS,
    dailyCap: p?.dailyCap ?? null,
  };
}

export async function setMyPreferences(actor: Actor, body: z.infer<typeof PreferenceBody>) {
  const s = subjectOf(actor);
  await preferences.set(actor.countyCode, s.kind, s.id, body);
  return myPreferences(actor);
}
