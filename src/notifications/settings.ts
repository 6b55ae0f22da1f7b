import { z } from 'zod';

/**
 * Settings of notification delivery, from the environment (documented in the README). Read here rather
 * than in src/config.ts so the area stays self-contained; every value has a safe default.
 */
const SettingsSchema = z.object({
  /** Attempts before an item becomes a dead letter. */
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  /** First retry delay; each further retry doubles it (capped at NOTIFY_RETRY_MAX_SECONDS). */
  NOTIFY_RETRY_BASE_SECONDS: z.coerce.number().min(0).max(3600).default(30),
  NOTIFY_RETRY_MAX_SECONDS: z.coerce.number().min(1).max(86_400).default(3600),
  /** SMS per person per China day when the person set no cap of their own (urgent messages are not capped). */
  NOTIFY_DAILY_CAP: z.coerce.number().int().min(1).max(1000).default(10),
  /** Days sent items stay in the outbox (they name no one; kept to answer "was I told?"). */
  NOTIFY_KEEP_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Timeout of one provider call. */
  NOTIFY_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
});

export type NotificationSettings = z.infer<typeof SettingsSchema>;

/** The settings, parsed from `env` (throws naming the bad variable). */
export function notificationSettings(env: NodeJS.ProcessEnv = process.env): NotificationSettings {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('NOTIFY_') && v !== undefined && v !== ''));
  return SettingsSchema.parse(cleaned);
}

/** Delay before attempt `attempts + 1`, after `attempts` failures: base · 2^(attempts-1), capped. */
export function backoffMs(
  attempts: number,
  s: Pick<NotificationSettings, 'NOTIFY_RETRY_BASE_SECONDS' | 'NOTIFY_RETRY_MAX_SECONDS'>,
): number {
  const seconds = Math.min(s.NOTIFY_RETRY_BASE_SECONDS * 2 ** Math.max(0, attempts - 1), s.NOTIFY_RETRY_MAX_SECONDS);
  return Math.round(seconds * 1000);
}
