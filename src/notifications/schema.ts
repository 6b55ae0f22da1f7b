import { z } from 'zod';
import { CHANNEL_KINDS } from './repositories/channels.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');

/** Loopback hosts may use http (local receivers, tests); every other provider URL must be https. */
function isAllowedUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}
const providerUrl = z.string().max(500).refine(isAllowedUrl, '地址须为 https 链接');

export const ChannelKindSchema = z.enum(CHANNEL_KINDS);

export const ChannelParams = z.object({
  /** The county's 6-digit code (county-wide) or a station's 9-digit code. */
  target: z.string().regex(/^\d{6}(\d{3})?$/, '应为 6 位县级代码或 9 位乡镇(街道)代码'),
  kind: ChannelKindSchema,
});

/** The body of PUT /channels/:target/:kind; which fields are required depends on the kind. */
export const ChannelBody = z.object({
  enabled: z.boolean().default(true),
  webhookUrl: providerUrl.optional(),
  secret: z.string().min(1).max(200).optional(),
  sms: z
    .object({
      endpoint: providerUrl.optional(),
      accessKeyId: z.string().min(1).max(100),
      /** Omitted on an edit: the stored secret is kept (the console never sees it). */
      accessKeySecret: z.string().min(1).max(200).optional(),
      signName: z.string().min(1).max(40),
      templateCode: z.string().min(1).max(40),
    })
    .optional(),
});

export const ChannelView = z.object({
  target: z.string(),
  kind: ChannelKindSchema,
  enabled: z.boolean(),
  /** The webhook with its key/token masked. */
  webhook: z.string().nullable(),
  hasSecret: z.boolean(),
  sms: z.object({ endpoint: z.string(), accessKeyId: z.string(), signName: z.string(), templateCode: z.string() }).nullable(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

export const OutboxQuery = z.object({
  status: z.enum(['dead', 'pending', 'sending', 'sent', 'suppressed']).default('dead'),
  before: z
    .string()
    .regex(/^[a-f0-9]{24}$/i, '游标格式不正确')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const OutboxView = z.object({
  id: z.string(),
  eventType: z.string(),
  channel: ChannelKindSchema,
  recipient: z.object({ kind: z.string(), id: z.string() }),
  stationCode: z.string().nullable(),
  status: z.string(),
  urgent: z.boolean(),
  attempts: z.number(),
  nextAttemptAt: z.string(),
  deferredReason: z.string().nullable(),
  lastError: z.string().nullable(),
  fields: z.object({ heading: z.string(), category: z.string(), village: z.string(), urgency: z.string(), time: z.string() }),
  createdAt: z.string(),
});

export const IdParams = z.object({ id: z.string().regex(/^[a-f0-9]{24}$/i, '编号格式不正确') });

export const PreferenceBody = z.object({
  sms: z.boolean(),
  quietHours: z.object({ start: hhmm, end: hhmm }).default({ start: '22:00', end: '07:00' }),
  dailyCap: z.number().int().min(1).max(100).nullable().default(null),
});

export const PreferenceView = PreferenceBody.extend({ subjectKind: z.string(), subjectId: z.string() });
