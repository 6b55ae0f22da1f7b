import type { z } from 'zod';
import { idOf } from '../shared/model.js';
import type { ChannelConfigDoc } from './repositories/channels.js';
import type { OutboxDoc } from './repositories/outbox.js';
import type { ChannelView, OutboxView } from './schema.js';

/** Keeps the last 4 characters of a secret: enough to recognise it, never enough to use it. */
export function maskSecret(value: string): string {
  return value.length <= 4 ? '****' : `****${value.slice(-4)}`;
}

/** A webhook URL with its query values (key, access_token) masked. */
export function maskWebhook(value: string): string {
  try {
    const url = new URL(value);
    for (const [k, v] of url.searchParams) url.searchParams.set(k, maskSecret(v));
    return url.toString();
  } catch {
    return maskSecret(value);
  }
}

/** What the admin sees of a channel: secrets masked or reduced to "set". */
export function presentChannel(c: ChannelConfigDoc): z.infer<typeof ChannelView> {
  return {
    target: c.target,
    kind: c.kind,
    enabled: c.enabled,
    webhook: c.webhookUrl ? maskWebhook(c.webhookUrl) : null,
    hasSecret: Boolean(c.secret),
    sms: c.sms
      ? { endpoint: c.sms.endpoint, accessKeyId: maskSecret(c.sms.accessKeyId), signName: c.sms.signName, templateCode: c.sms.templateCode }
      : null,
    updatedBy: c.updatedBy,
    updatedAt: new Date(c.updatedAt).toISOString(),
  };
}

export function presentOutbox(o: OutboxDoc): z.infer<typeof OutboxView> {
  return {
    id: idOf(o),
    eventType: o.eventType,
    channel: o.channel,
    recipient: { kind: o.recipientKind, id: o.recipientId },
    stationCode: o.stationCode,
    status: o.status,
    urgent: o.urgent,
    attempts: o.attempts,
    nextAttemptAt: new Date(o.nextAttemptAt).toISOString(),
    deferredReason: o.deferredReason,
    lastError: o.lastError,
    fields: o.fields,
    createdAt: new Date(o.createdAt).toISOString(),
  };
}
