import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Auth } from './auth/service.js';
import { users } from './auth/repository.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { loadDivisions } from './stations/divisions.js';
import { loadStationsFromDivisions } from './stations/service.js';
import { catchUpVisitTasks } from './visits/tasks.js';

/**
 * First start on an empty database: loads stations from the vendored divisions and creates the
 * county admin (password from ADMIN_PASSWORD, or generated). Safe to run every start.
 *
 * A generated password is never written to the log (logs are shipped and kept): it goes to a file
 * readable by this user only (0600) in the data directory, and the log says where. Whoever reads it
 * signs in, changes the password and deletes the file.
 */
export async function bootstrap(deps: { config: Config; auth: Auth; log: Logger; now?: Date }): Promise<void> {
  const added = await loadStationsFromDivisions();
  if (added) deps.log.info({ added }, 'stations loaded from divisions');
  // The monthly visit job may have missed the 1st (server down): make this month's missing tasks now.
  const visits = await catchUpVisitTasks(deps.now ?? new Date());
  if (visits.created) deps.log.info(visits, 'visit tasks caught up at start');

  const countyCode = deps.config.ADMIN_COUNTY_CODE;
  if (await users.existsWithRole('admin', countyCode)) return;
  const county = loadDivisions().counties.find((c) => c.code === countyCode);
  const password = deps.config.ADMIN_PASSWORD ?? randomBytes(9).toString('base64url');
  const username = `admin-${countyCode}`;
  await deps.auth.createUser({
    username,
    password,
    role: 'admin',
    displayName: `${county?.name ?? countyCode}民政局管理员`,
    countyCode,
  });
  if (deps.config.ADMIN_PASSWORD) {
    deps.log.info({ username }, 'county admin created with ADMIN_PASSWORD');
  } else {
    const file = writeAdminPasswordFile(deps.config.dataDir, username, password);
    deps.log.warn({ username, file }, 'county admin created with a generated password: read it from the file, then delete the file');
  }
}

/** Writes the generated password to `<dataDir>/admin-password.txt`, readable by this user only. */
function writeAdminPasswordFile(dataDir: string, username: string, password: string): string {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, 'admin-password.txt');
  // Created 0600 (and re-chmodded in case an old file with wider permissions is overwritten).
  fs.writeFileSync(file, `县级管理员 / county admin\nusername: ${username}\npassword: ${password}\n登录后请修改密码并删除此文件\n`, {
    mode: 0o600,
  });
  fs.chmodSync(file, 0o600);
  return file;
}
