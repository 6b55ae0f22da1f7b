import { boardPage } from './pages/board';
import { charityPage } from './pages/charity';
import { countyPage } from './pages/county';
import { importPage } from './pages/import-wizard';
import { needDetailPage } from './pages/need-detail';
import { needNewPage } from './pages/need-new';
import { needsPage } from './pages/needs';
import { tasksPage } from './pages/tasks';
import { caseDetailPage, casesPage } from './pages/cases';
import { groupsPage } from './pages/groups';
import { stationStatsPage } from './pages/station-stats';
import { visitsPage } from './pages/visits';
import { accountPage } from './pages/account';
import { activitiesPage } from './pages/activities';
import { householdProfilePage } from './pages/household-profile';
import { householdsPage } from './pages/households';
import { referralsPage } from './pages/referrals';
import { satisfactionPage } from './pages/satisfaction';
import { certificatePage } from './pages/certificate';
import { evaluationPage } from './pages/evaluation';
import { evaluationRoundPage } from './pages/evaluation-round';
import { reportsPage } from './pages/reports';
import { approvalsPage } from './pages/approvals';
import { hoursConfirmPage } from './pages/hours-confirm';
import { volunteerProfilePage } from './pages/volunteer-profile';
import type { Route } from './router';

/** Every page of the console and who may open it. */
export const routes: Route[] = [
  { pattern: /^\/board$/, roles: ['coordinator', 'admin'], page: boardPage },
  { pattern: /^\/needs$/, roles: ['coordinator', 'admin'], page: needsPage },
  { pattern: /^\/needs\/new$/, roles: ['coordinator'], page: needNewPage },
  { pattern: /^\/needs\/([^/]+)$/, roles: ['coordinator', 'admin'], page: needDetailPage },
  { pattern: /^\/import$/, roles: ['coordinator', 'admin'], page: importPage },
  { pattern: /^\/tasks$/, roles: ['volunteer', 'organisation'], page: tasksPage },
  { pattern: /^\/charity$/, roles: ['charity'], page: charityPage },
  { pattern: /^\/county$/, roles: ['admin'], page: countyPage },
  { pattern: /^\/visits$/, roles: ['coordinator', 'admin'], page: visitsPage },
  { pattern: /^\/cases$/, roles: ['coordinator', 'admin'], page: casesPage },
  { pattern: /^\/cases\/([^/]+)$/, roles: ['coordinator', 'admin'], page: caseDetailPage },
  { pattern: /^\/groups$/, roles: ['coordinator', 'admin'], page: groupsPage },
  { pattern: /^\/stats$/, roles: ['coordinator', 'admin'], page: stationStatsPage },
  { pattern: /^\/households$/, roles: ['coordinator', 'admin'], page: householdsPage },
  { pattern: /^\/households\/([^/]+)$/, roles: ['coordinator', 'admin'], page: householdProfilePage },
  { pattern: /^\/referrals$/, roles: ['coordinator', 'admin'], page: referralsPage },
  { pattern: /^\/activities$/, roles: ['coordinator', 'admin'], page: activitiesPage },
  { pattern: /^\/satisfaction$/, roles: ['coordinator', 'admin'], page: satisfactionPage },
  { pattern: /^\/account$/, roles: ['coordinator', 'admin', 'volunteer', 'organisation', 'charity'], page: accountPage },
  { pattern: /^\/reports$/, roles: ['coordinator', 'admin'], page: reportsPage },
  { pattern: /^\/evaluation$/, roles: ['coordinator', 'admin'], page: evaluationPage },
  { pattern: /^\/evaluation\/([^/]+)$/, roles: ['coordinator', 'admin'], page: evaluationRoundPage },
  { pattern: /^\/certificate$/, roles: ['volunteer'], page: certificatePage },
  { pattern: /^\/approvals$/, roles: ['coordinator', 'admin'], page: approvalsPage },
  { pattern: /^\/hours$/, roles: ['coordinator', 'admin'], page: hoursConfirmPage },
  { pattern: /^\/profile$/, roles: ['volunteer'], page: volunteerProfilePage },
];
