import { CATEGORY_LABELS, URGENCY_LABELS } from '../contracts/labels.js';
import type { Urgency } from '../contracts/views.js';
import type { DomainEvent } from '../events/types.js';

/** Who a notification is for: a station (its group robots) or one person (SMS). */
export type RecipientKind = 'station' | 'volunteer' | 'organisation' | 'charity';
export interface Recipient {
  kind: RecipientKind;
  id: string;
}

/** What a notification says, before village names and urgency are looked up. Never beneficiary data. */
export interface NotificationIntent {
  /** Stable identity of the occurrence: the same event published twice has the same key. */
  eventKey: string;
  /** The event's type, or the job's name for notices no live event carries (resource.expiring). */
  eventType: string;
  countyCode: string;
  stationCode: string | null;
  recipient: Recipient;
  /** Short Chinese heading, e.g. 新服务任务. */
  heading: string;
  category: string | null;
  communityCode: string | null;
  urgency: Urgency | null;
  /** A need to read the urgency of when the payload does not carry it. */
  needId: string | null;
}

/** The text fields a channel renders: category, village, urgency and time only. */
export interface MessageFields {
  heading: string;
  category: string;
  village: string;
  urgency: string;
  time: string;
}

const URGENT: ReadonlySet<string> = new Set(['high', 'critical']);

/** Whether an urgency overrides quiet hours and the daily cap. */
export const isUrgent = (urgency: Urgency | null): boolean => urgency !== null && URGENT.has(urgency);

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

function subjectRecipients(event: DomainEvent): Recipient[] {
  const a = event.audience;
  return [
    ...(a.volunteerIds ?? []).map((id) => ({ kind: 'volunteer' as const, id })),
    ...(a.organisationIds ?? []).map((id) => ({ kind: 'organisation' as const, id })),
    ...(a.charityIds ?? []).map((id) => ({ kind: 'charity' as const, id })),
  ];
}

/**
 * The notifications an event calls for (DOMAIN.md roles): new assignments and reminders to the volunteer
 * or organisation; urgent needs and escalations to the station; expired resources to the charity.
 * Every other event reaches only the live board.
 */
export function intentsOf(event: DomainEvent): NotificationIntent[] {
  const p = event.payload;
  const base = { eventType: event.type, countyCode: event.countyCode };
  switch (event.type) {
    case 'assignment.created':
    case 'reminder.due': {
      const assignmentId = str(p.assignmentId);
      if (!assignmentId) return [];
      const heading = event.type === 'assignment.created' ? '新服务任务，请尽快接受或婉拒' : '服务任务待回复提醒';
      return subjectRecipients(event).map((recipient) => ({
        ...base,
        eventKey: `${event.type}:${assignmentId}`,
        stationCode: str(p.stationCode) ?? event.audience.stationCodes?.[0] ?? null,
        recipient,
        heading,
        category: str(p.needCategory),
        communityCode: str(p.communityCode),
        urgency: null,
        needId: str(p.needId),
      }));
    }
    case 'need.created':
    case 'need.updated': {
      const urgency = str(p.urgency) as Urgency | null;
      const needId = str(p.id);
      const stationCode = str(p.stationCode);
      if (!needId || !stationCode || !isUrgent(urgency)) return [];
      // An update notifies only when it made the need urgent (its urgency was edited), once per urgency level.
      if (event.type === 'need.updated' && !(Array.isArray(p.changed) && p.changed.includes('urgency'))) return [];
      return [
        {
          ...base,
          eventKey: `need.urgent:${needId}:${urgency}`,
          stationCode,
          recipient: { kind: 'station', id: stationCode },
          heading: '紧急需求待处理',
          category: str(p.category),
          communityCode: str(p.communityCode),
          urgency,
          needId,
        },
      ];
    }
    case 'assignment.escalated': {
      const assignmentId = str(p.assignmentId);
      const stationCode = str(p.stationCode);
      if (!assignmentId || !stationCode) return [];
      return [
        {
          ...base,
          eventKey: `assignment.escalated:${assignmentId}`,
          stationCode,
          recipient: { kind: 'station', id: stationCode },
          heading: '任务超时未回复，已升级，请重新指派',
          category: str(p.needCategory),
          communityCode: str(p.communityCode),
          // An escalation is urgent by nature: the need waited a day without an answer.
          urgency: 'high',
          needId: str(p.needId),
        },
      ];
    }
    case 'resource.updated': {
      const resourceId = str(p.resourceId);
      if (p.expired !== true || !resourceId) return [];
      return (event.audience.charityIds ?? []).map((id) => ({
        ...base,
        eventKey: `resource.expired:${resourceId}`,
        stationCode: null,
        recipient: { kind: 'charity' as const, id },
        heading: '您发布的慈善资源已过有效期',
        category: null,
        communityCode: null,
        urgency: null,
        needId: null,
      }));
    }
    default:
      return [];
  }
}

/** Text fields of a message; `village` is the community's name, looked up by the caller. */
export function fieldsOf(
  intent: Pick<NotificationIntent, 'heading' | 'category' | 'urgency'>,
  village: string | null,
  at: Date,
): MessageFields {
  return {
    heading: intent.heading,
    category: intent.category ? (CATEGORY_LABELS[intent.category] ?? intent.category) : '—',
    village: village ?? '—',
    urgency: intent.urgency ? URGENCY_LABELS[intent.urgency] : '—',
    time: chinaTimeText(at),
  };
}

/** "2026-03-01 08:30" on the China clock. */
export function chinaTimeText(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The one-paragraph text the group robots show. */
export function renderText(f: MessageFields): string {
  return `【五社联动】${f.heading}\n类别：${f.category}\n村(社区)：${f.village}\n紧急程度：${f.urgency}\n时间：${f.time}`;
}

/** A charity's advance notice that a resource of theirs expires within days (sent once per resource). */
export function expiringResourceIntent(r: { id: string; countyCode: string; charityId: string; category: string }): NotificationIntent {
  return {
    eventKey: `resource.expiring:${r.id}`,
    eventType: 'resource.expiring',
    countyCode: r.countyCode,
    stationCode: null,
    recipient: { kind: 'charity', id: r.charityId },
    heading: '您发布的慈善资源将在3天内到期，请尽快安排',
    category: r.category,
    communityCode: null,
    urgency: null,
    needId: null,
  };
}
