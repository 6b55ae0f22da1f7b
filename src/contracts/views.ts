/**
 * What the API answers, as JSON on the wire (dates are ISO strings): the one definition the console
 * reads and the server's presenters answer with. Dependency-free on purpose: both tsconfig.json and
 * web/tsconfig.json include this folder, and nothing here may pull mongoose or zod into the console.
 */

/** Need statuses (open → matching → assigned → in_progress → fulfilled; closed; cancelled). */
export const NEED_STATUSES = ['open', 'matching', 'assigned', 'in_progress', 'fulfilled', 'closed', 'cancelled'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

/** Assignment statuses; a pending assignment waits for the volunteer's or organisation's answer. */
export const ASSIGNMENT_STATUSES = ['pending', 'accepted', 'in_progress', 'completed', 'declined', 'cancelled', 'expired'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export const URGENCIES = ['low', 'normal', 'high', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Where a need came from. */
export const NEED_SOURCES = ['survey', 'hotline', 'walk_in', 'referral'] as const;
export type NeedSource = (typeof NEED_SOURCES)[number];

/** Who can be assigned: a volunteer, an organisation, or a charity resource. */
export const CANDIDATE_KINDS = ['volunteer', 'organisation', 'resource'] as const;
export type CandidateKind = (typeof CANDIDATE_KINDS)[number];

export const RESOURCE_KINDS = ['goods', 'money', 'service', 'venue'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const RESOURCE_STATUSES = ['available', 'depleted', 'withdrawn'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];
/** The status a person sees: the stored one, or 'expired' once the expiry has passed (never 可分配 then). */
export const RESOURCE_SHOWN_STATUSES = ['available', 'depleted', 'withdrawn', 'expired'] as const;
export type ResourceShownStatus = (typeof RESOURCE_SHOWN_STATUSES)[number];

export const IMPORT_STATUSES = ['uploaded', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const ROLES = ['admin', 'coordinator', 'volunteer', 'organisation', 'charity'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  role: Role;
  displayName: string;
  countyCode: string;
  stationCode?: string;
  subjectId?: string;
  /** The county admin reset the password: the console opens the password change first. */
  mustChangePassword?: boolean;
}

export interface LatLng {
  lat: number;
  lng: number;
}

export interface Quantity {
  amount: number;
  unit: string;
}

/** A weekly time window: day 0-6 (Sunday first), times "HH:MM". */
export interface TimeWindow {
  day: number;
  start: string;
  end: string;
}

export interface Schedule {
  kind: 'once' | 'recurring';
  windows: TimeWindow[];
  dueBy: string | null;
}

/** Why the matcher ranked a candidate (Chinese text for people). */
export interface Reason {
  rule: string;
  text: string;
  weight?: number;
  /** Whether the reason counts for the candidate, against it, or only informs. */
  tone?: 'for' | 'against' | 'neutral';
}

export interface Suggestion {
  kind: CandidateKind;
  id: string;
  name: string;
  score: number;
  distanceKm: number | null;
  reasons: Reason[];
}

export interface NeedHistoryEntry {
  at: string;
  by: string;
  from: NeedStatus | null;
  to: NeedStatus;
  note: string | null;
}

export interface Need {
  id: string;
  stationCode: string;
  communityCode: string;
  householdId: string | null;
  category: string | null;
  title: string;
  description: string;
  groups: string[];
  urgency: Urgency;
  location: LatLng;
  schedule: Schedule;
  skills: string[];
  quantity: Quantity | null;
  status: NeedStatus;
  source: NeedSource;
  history: NeedHistoryEntry[];
  closeReason: CloseReason | null;
  /** Who the need is for (phone in full on the detail, masked in lists). */
  household: { id: string; name: string; phone: string | null; communityName: string | null } | null;
  communityName: string | null;
  stationName: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One page of a cursor-paginated list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** How many match in all (lists that count). */
  total?: number;
}

/** What every party sees of an assignment; `beneficiary` only after acceptance (staged disclosure) or for staff. */
export interface Assignment {
  id: string;
  needId: string;
  stationCode: string;
  communityCode: string;
  communityName: string | null;
  needCategory: string | null;
  needTitle: string | null;
  /** De-identified for a volunteer or organisation until they accept. */
  needDescription: string | null;
  schedule: { kind: 'once' | 'recurring'; windows: Array<{ day: number; start: string; end: string }>; dueBy: string | null } | null;
  candidate: { kind: CandidateKind; id: string; name: string };
  status: AssignmentStatus;
  score: number | null;
  reasons: Reason[];
  approxDistanceKm: number | null;
  quantity: Quantity | null;
  declineReason: string | null;
  cancelReason: string | null;
  hours: number | null;
  feedback: string | null;
  respondBy: string | null;
  createdAt: string;
  updatedAt: string;
  beneficiary: { name: string; phone: string | null; address: string; location: LatLng | null } | null;
}

/** One problem found in an import file (row 1 is the header). */
export interface ImportProblem {
  row: number;
  column: string;
  reason: string;
}

export interface ImportCounts {
  valid: number;
  invalid: number;
  householdsCreated: number;
  householdsMatched: number;
  needsCreated: number;
  unchanged: number;
  skipped: number;
  placedFromAddress: number;
}

export interface ImportJob {
  id: string;
  stationCode: string | null;
  filename: string;
  bytes: number;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  templateId: string;
  headers: string[];
  columnMapping: Record<string, string>;
  saveMappingToTemplate: boolean;
  missingColumns: ImportProblem[];
  status: ImportStatus;
  totalRows: number | null;
  rowsDone: number;
  counts: ImportCounts;
  problems: ImportProblem[];
  problemCount: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface DryRun {
  jobId: string;
  totalRows: number;
  validRows: number;
  invalidRows: number;
  problems: ImportProblem[];
  problemCount: number;
  byStation: Record<string, number>;
  skippedRows: number;
  placedFromAddress: number;
  unplacedRows: number[];
  villageColumn: boolean;
}

export interface SurveyTemplate {
  id: string;
  name: string;
  description: string;
  stationCode: string | null;
  questions: { key: string; label: string; required: boolean }[];
  columnMapping: Record<string, string>;
}

/** What clients see of a charity resource (no allocation details). */
export interface Resource {
  id: string;
  charityId: string;
  donor: string;
  kind: ResourceKind;
  category: string;
  categoryName: string;
  title: string;
  description: string;
  quantity: Quantity;
  remaining: Quantity;
  eligibility: { groups?: string[]; communityCodes?: string[] };
  availableFrom: string | null;
  expiresAt: string | null;
  expired: boolean;
  location: LatLng | null;
  pickupAddress: string | null;
  /** As shown: an expired resource is 'expired', never 'available'. */
  status: ResourceShownStatus;
  allocationCount: number;
  createdAt: string;
}

/** Where a resource went. `needId` appears only for the allocating station's staff, never for a charity. */
export interface Allocation {
  at: string;
  amount: number;
  unit: string;
  needCategory: string;
  needCategoryName: string;
  stationCode: string;
  stationName: string;
  needId?: string;
}

export interface StationReport {
  stationCode: string;
  stationName: string;
  month: string;
  openNeeds: number;
  needsCreated: number;
  needsMatched: number;
  matchRate: number | null;
  medianHoursToMatch: number | null;
  needsFulfilled: number;
  fulfilmentRate: number | null;
  volunteerHours: number;
  keyTargetVisitsDue: number;
  keyTargetVisitsDone: number;
  visitRate: number | null;
}

export interface Station {
  code: string;
  name: string;
  active?: boolean;
  communities: { code: string; name: string }[];
}

/** Why a need was closed without being served here. */
export type CloseReason = 'met_elsewhere' | 'withdrawn' | 'duplicate' | 'unreachable';

/** The board's true counts. */
export interface BoardCounts {
  open: number;
  urgent: number;
  pendingAssignments: number;
  activeAssignments: number;
}

/** A hard rule that excludes a candidate, with its short name. */
export interface Exclusion {
  rule: string;
  label: string;
  text: string;
}

/** A candidate found by name for a hand pick. */
export interface CandidateHit {
  kind: CandidateKind;
  id: string;
  name: string;
  stationCode: string | null;
  distanceKm: number | null;
  eligible: boolean;
  exclusions: Exclusion[];
}

/** How many of the county's candidates each hard rule excluded for a need. */
export interface CandidateCensus {
  pool: number;
  eligible: number;
  proposed: number;
  refused: number;
  byRule: Array<{ rule: string; label: string; count: number }>;
  widenKm: number;
  proposedIfWidened: number;
}

/** "Why not this candidate". */
export interface CandidateExplanation {
  excluded: boolean;
  exclusions: Exclusion[];
  rank: { score: number; reasons: Reason[] } | null;
  distanceKm: number | null;
}
