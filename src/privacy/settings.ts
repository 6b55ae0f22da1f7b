import { z } from 'zod';

/** Retention periods, from the environment (documented in the README). */
const SettingsSchema = z.object({
  /** Days after which closed needs, finished assignments and visits, survey answers and archived households are anonymised. */
  RETENTION_DAYS: z.coerce.number().int().min(30).max(36_500).default(1095),
  /** Days audit entries are kept (at least 180: logs of access to personal data are kept six months or more). */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(180).max(36_500).default(1825),
});

export type PrivacySettings = z.infer<typeof SettingsSchema>;

export function privacySettings(env: NodeJS.ProcessEnv = process.env): PrivacySettings {
  return SettingsSchema.parse({
    RETENTION_DAYS: env.RETENTION_DAYS || undefined,
    AUDIT_RETENTION_DAYS: env.AUDIT_RETENTION_DAYS || undefined,
  });
}
