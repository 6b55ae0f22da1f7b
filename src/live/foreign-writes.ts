/**
 * Writes of other instances reach this instance's county mirrors (src/shared/county-mirror.ts) through
 * their event records, which arrive here by Redis or by tailing the log (src/live/socket-server.ts):
 * each need or assignment event names its record, re-read here by `_id` alone; a finished import
 * (written in bulk, announced only by its progress) reloads the county beside the copy in use.
 */
import { assignmentMirror } from '../assignments/repository.js';
import type { WireEvent } from '../events/log.js';
import type { Logger } from '../logger.js';
import { needMirror } from '../needs/repository.js';
import { logFailure } from '../shared/log-failure.js';

/** The county of a station room (`station:<9-digit code>`), or null for another kind of room. */
const countyOfRoom = (room: string): string | null =>
  room.startsWith('station:') ? room.slice('station:'.length, 'station:'.length + 6) : null;

/**
 * Brings the mirrors up to date with records other instances stored. An event goes to several rooms
 * (the station's, the volunteer's…) and arrives once per room: each record is re-read once per batch.
 * Resolves when every re-read is applied.
 */
export async function applyForeignRecords(
  records: ReadonlyArray<Pick<WireEvent, 'type' | 'room' | 'payload'>>,
  log: Logger,
): Promise<void> {
  const needIds = new Set<string>();
  const assignmentIds = new Set<string>();
  const importedCounties = new Set<string>();
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  for (const r of records) {
    const needId = r.type === 'need.created' || r.type === 'need.updated' ? text(r.payload.id) : null;
    const assignmentId = r.type.startsWith('assignment.') ? text(r.payload.assignmentId) : null;
    if (needId) needIds.add(needId);
    else if (assignmentId) assignmentIds.add(assignmentId);
    else if (r.type === 'import.progress' && r.payload.status !== 'running') {
      const county = countyOfRoom(r.room);
      if (county) importedCounties.add(county);
    }
  }
  await Promise.all([
    ...[...needIds].map((id) => needMirror.changed(id).catch(logFailure('mirroring another instance’s need', { needId: id }, log))),
    ...[...assignmentIds].map((id) =>
      assignmentMirror.changed(id).catch(logFailure('mirroring another instance’s assignment', { assignmentId: id }, log)),
    ),
    ...[...importedCounties].map((countyCode) =>
      Promise.all([needMirror.refresh(countyCode), assignmentMirror.refresh(countyCode)]).catch(
        logFailure('reloading a county after another instance’s import', { countyCode }, log),
      ),
    ),
  ]);
}
