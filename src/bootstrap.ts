import { randomBytes } from 'node:crypto';
import type { Auth } from './auth/service.js';
import { UserModel } from './auth/models.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { loadDivisions } from './stations/divisions.js';
import { loadStationsFromDivisions } from './stations/service.js';
import { catchUpVisitTasks } from './visits/tasks.js';

/**
 * First start on an empty database: loads stations from the vendored divisions and creates the
 * county admin (password from ADMIN_PASSWORD, or generated and printed once). Safe to run every start.
 */
export async function bootstrap(deps: { config: Config; auth: Auth; log: Logger; now?: Date }): Promise<void> {
  const added = await loadStationsFromDivisions();
  if (added) deps.log.info({ added }, 'stations loaded from divisions');
  // The monthly visit job may have missed the 1st (server down): make this month's missing tasks now.
  const visits = await catchUpVisitTasks(deps.now ?? new Date());
  if (visits.created) deps.log.info(visits, 'visit tasks caught up at start');

  const countyCode = deps.config.ADMIN_COUNTY_CODE;
  if (await UserModel.exists({ role: 'admin', countyCode })) return;
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
    // Printed once, to the console only, so the first person at the keyboard can sign in.
    process.stdout.write(
      `\n县级管理员账号已创建 / county admin created: ${username}  password: ${password}\n(请妥善保存，此密码只显示一次)\n\n`,
    );
  }
}
