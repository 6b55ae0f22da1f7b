import type { Logger } from '../logger.js';
import { dayOf } from '../shared/china-time.js';
import { DEFAULT_QUIET_HOURS, isQuiet, nextChinaTime } from './quiet-hours.js';
import { channelConfigs } from './repositories/channels.js';
import { directory } from './repositories/directory.js';
import { outbox, type OutboxDoc } from './repositories/outbox.js';
import { preferences } from './repositories/preferences.js';
import { DeliveryError, sendAliyunSms, sendDingtalk, sendWecom } from './senders.js';
import { backoffMs, type NotificationSettings } from './settings.js';

/** What one delivery pass did, recorded with the job run. */
export interface DeliveryCounts {
  sent: number;
  failed: number;
  dead: number;
  deferred: number;
  suppressed: number;
  skipped: number;
}

type Outcome = keyof DeliveryCounts;

/** Raised when an item cannot be sent as it stands (no phone, channel removed): retried like a provider failure. */
class NotSendable extends DeliveryError {}

async function send(item: OutboxDoc, settings: NotificationSettings): Promise<void> {
  const config = await channelConfigs.resolve(item.countyCode, item.stationCode, item.channel);
  if (!config) throw new NotSendable(`${item.channel} channel not configured or disabled`);
  const timeout = settings.NOTIFY_HTTP_TIMEOUT_MS;
  if (item.channel === 'wecom') return sendWecom(config, item.fields, timeout);
  if (item.channel === 'dingtalk') return sendDingtalk(config, item.fields, timeout);
  if (item.recipientKind === 'station') throw new NotSendable('sms needs a person');
  const phone = await directory.phoneOf(item.recipientKind, item.recipientId, item.countyCode);
  if (!phone) throw new NotSendable('recipient has no phone');
  return sendAliyunSms(config, phone, item.fields, timeout, String(item._id));
}

/** Quiet hours, the daily cap and the person's switch, for SMS to a person; null when it may go now. */
async function holdBack(item: OutboxDoc, now: Date, settings: NotificationSettings): Promise<Partial<OutboxDoc> | 'suppressed' | null> {
  if (item.channel !== 'sms' || item.recipientKind === 'station') return null;
  const prefs = await preferences.get(item.recipientKind, item.recipientId);
  if (prefs && !prefs.sms) return 'suppressed';
  if (item.urgent) return null;
  const quiet = prefs?.quietHours?.start ? prefs.quietHours : DEFAULT_QUIET_HOURS;
  if (isQuiet(now, quiet)) return { nextAttemptAt: nextChinaTime(now, quiet.end), deferredReason: 'quiet_hours' };
  const cap = prefs?.dailyCap ?? settings.NOTIFY_DAILY_CAP;
  if ((await outbox.sentOn(item.recipientKind, item.recipientId, 'sms', dayOf(now))) >= cap) {
    // Tomorrow (China time); quiet hours then hold it until the morning.
    return { nextAttemptAt: nextChinaTime(now, '00:00'), deferredReason: 'daily_cap' };
  }
  return null;
}

/** One attempt at one item. Each attempt number is claimed first, so two workers never send it twice. */
export async function deliverOne(item: OutboxDoc, now: Date, settings: NotificationSettings, log: Logger): Promise<Outcome> {
  let current = item;
  if (current.status === 'sending') {
    // The previous sender's lease lapsed (it died mid-call): count that attempt as failed and go on.
    current = { ...current, status: 'pending', attempts: current.attempts + 1, lastError: 'attempt interrupted' };
    if (current.attempts - current.attemptBase >= settings.NOTIFY_MAX_ATTEMPTS) {
      await outbox.update(current._id, { status: 'dead', attempts: current.attempts, leaseUntil: null, lastError: current.lastError });
      return 'dead';
    }
    await outbox.update(current._id, { status: 'pending', attempts: current.attempts, leaseUntil: null, lastError: current.lastError });
  }
  const held = await holdBack(current, now, settings);
  if (held === 'suppressed') {
    await outbox.update(current._id, { status: 'suppressed', deferredReason: 'channel_off' });
    return 'suppressed';
  }
  if (held) {
    await outbox.update(current._id, held);
    return 'deferred';
  }
  const attempt = current.attempts + 1;
  if (!(await outbox.claimAttempt(String(current._id), attempt))) return 'skipped';
  await outbox.update(current._id, {
    status: 'sending',
    leaseUntil: new Date(now.getTime() + 2 * settings.NOTIFY_HTTP_TIMEOUT_MS + 60_000),
  });
  try {
    await send(current, settings);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const dead = attempt - current.attemptBase >= settings.NOTIFY_MAX_ATTEMPTS;
    await outbox.update(current._id, {
      status: dead ? 'dead' : 'pending',
      attempts: attempt,
      leaseUntil: null,
      lastError: message.slice(0, 500),
      nextAttemptAt: new Date(now.getTime() + backoffMs(attempt - current.attemptBase, settings)),
    });
    log.warn({ outboxId: String(current._id), channel: current.channel, attempt, dead, err: message }, 'notification attempt failed');
    return dead ? 'dead' : 'failed';
  }
  await outbox.update(current._id, {
    status: 'sent',
    attempts: attempt,
    leaseUntil: null,
    lastError: null,
    deferredReason: null,
    sentAt: now,
    sentDay: dayOf(now),
  });
  return 'sent';
}

/** Sends every item due at `now` (oldest first, at most `limit`), one at a time. */
export async function deliverDue(now: Date, settings: NotificationSettings, log: Logger, limit = 200): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { sent: 0, failed: 0, dead: 0, deferred: 0, suppressed: 0, skipped: 0 };
  for (const item of await outbox.due(now, limit)) {
    counts[await deliverOne(item, now, settings, log)]++;
  }
  return counts;
}
