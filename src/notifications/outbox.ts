import { subscribe } from '../events/bus.js';
import type { DomainEvent } from '../events/types.js';
import { currentLogger } from '../logger.js';
import { shortCommunityName } from '../households/places.js';
import { stationOfCommunity } from '../stations/service.js';
import { expiringResourceIntent, fieldsOf, intentsOf, isUrgent, type NotificationIntent } from './messages.js';
import { channelConfigs, type ChannelKind } from './repositories/channels.js';
import { directory } from './repositories/directory.js';
import { outbox } from './repositories/outbox.js';

/** The community's name (村/社区), or null when unknown. */
async function villageName(countyCode: string, communityCode: string | null): Promise<string | null> {
  if (!communityCode) return null;
  const station = await stationOfCommunity(countyCode, communityCode);
  const name = station?.communities.find((c) => c.code === communityCode)?.name;
  // The short form (东关街社区, not 东关街社区居委会): SMS template variables are limited in length.
  return name ? shortCommunityName(name) : null;
}

/** The configured channels an intent goes out on: the station's robots, or SMS for a person. */
async function channelsFor(intent: NotificationIntent): Promise<ChannelKind[]> {
  const kinds: ChannelKind[] = intent.recipient.kind === 'station' ? ['wecom', 'dingtalk'] : ['sms'];
  const configured = await Promise.all(kinds.map((k) => channelConfigs.resolve(intent.countyCode, intent.stationCode, k)));
  return kinds.filter((_, i) => configured[i] !== null);
}

/**
 * Writes the outbox items an event calls for, one per (event, recipient, channel) under a unique key:
 * publishing the same event again (a retried job, a replayed request) adds nothing. Returns the number added.
 */
export async function enqueueNotifications(event: DomainEvent, now: Date = new Date()): Promise<number> {
  return enqueueIntents(intentsOf(event), now);
}

/** Writes the outbox items of some intents (an event's, or a job's notices); returns the number added. */
export async function enqueueIntents(intents: NotificationIntent[], now: Date = new Date()): Promise<number> {
  let added = 0;
  for (const intent of intents) {
    const channels = await channelsFor(intent);
    if (channels.length === 0) continue;
    const need = intent.needId && (!intent.urgency || !intent.communityCode) ? await directory.needSummary(intent.needId) : null;
    const resolved: NotificationIntent = {
      ...intent,
      urgency: intent.urgency ?? need?.urgency ?? null,
      communityCode: intent.communityCode ?? need?.communityCode ?? null,
    };
    const fields = fieldsOf(resolved, await villageName(intent.countyCode, resolved.communityCode), now);
    for (const channel of channels) {
      const recipientKey = `${intent.recipient.kind}:${intent.recipient.id}`;
      const isNew = await outbox.add({
        dedupeKey: `${intent.eventKey}|${recipientKey}|${channel}`,
        eventKey: intent.eventKey,
        eventType: intent.eventType,
        countyCode: intent.countyCode,
        stationCode: intent.stationCode,
        recipientKind: intent.recipient.kind,
        recipientId: intent.recipient.id,
        channel,
        urgent: isUrgent(resolved.urgency),
        fields,
        nextAttemptAt: now,
      });
      if (isNew) added++;
    }
  }
  return added;
}

let unsubscribe: (() => void) | undefined;

/**
 * Subscribes the outbox to the event bus (once per process). The outbox is written as the event is
 * published; the delivery job (jobs/tasks/deliver-notifications.ts) sends it. A failed write is
 * logged with the event; it never fails the write that published.
 */
export function ensureNotificationOutbox(): void {
  if (unsubscribe) return;
  unsubscribe = subscribe(async (event) => {
    try {
      await enqueueNotifications(event);
    } catch (err) {
      currentLogger().error({ err, eventType: event.type, countyCode: event.countyCode }, 'notification outbox write failed');
    }
  });
}

/**
 * Advance notice to charities of resources expiring within `days` (no live event carries it: the board
 * has the expiry date). Run daily; the outbox key makes it one notice per resource however often it runs.
 */
export async function enqueueExpiringResources(now: Date, days = 3): Promise<number> {
  const soon = await directory.resourcesExpiringBetween(now, new Date(now.getTime() + days * 86_400_000), 1000);
  return enqueueIntents(
    soon.map((r) => expiringResourceIntent({ id: String(r._id), countyCode: r.countyCode, charityId: r.charityId, category: r.category })),
    now,
  );
}
