import { privacyRepository, type AnonymisedCounts } from './repository.js';
import type { PrivacySettings } from './settings.js';

const DAY_MS = 86_400_000;

/** One retention pass: anonymises what outlived RETENTION_DAYS and deletes audit entries past theirs. */
export async function applyRetention(
  now: Date,
  settings: PrivacySettings,
  limit = 2000,
): Promise<AnonymisedCounts & { auditEntriesDeleted: number }> {
  const counts = await privacyRepository.expiredAnonymise(new Date(now.getTime() - settings.RETENTION_DAYS * DAY_MS), now, limit);
  const auditEntriesDeleted = await privacyRepository.purgeAuditBefore(new Date(now.getTime() - settings.AUDIT_RETENTION_DAYS * DAY_MS));
  return { ...counts, auditEntriesDeleted };
}
