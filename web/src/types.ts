/** Shapes of the API's answers the console reads (see GET /api/openapi.json). */
export type Role = 'admin' | 'coordinator' | 'volunteer' | 'organisation' | 'charity';

export interface User {
  id: string;
  role: Role;
  displayName: string;
  countyCode: string;
  stationCode?: string;
  subjectId?: string;
}

export interface Reason {
  rule: string;
  text: string;
  weight?: number;
}

export interface Suggestion {
  kind: 'volunteer' | 'organisation' | 'resource';
  id: string;
  name: string;
  score: number;
  distanceKm: number | null;
  reasons: Reason[];
}

export interface HistoryEntry {
  at: string;
  by: string;
  from: string | null;
  to: string;
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
  urgency: 'low' | 'normal' | 'high' | 'critical';
  status: string;
  source: string;
  skills: string[];
  quantity: { amount: number; unit: string } | null;
  history: HistoryEntry[];
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Assignment {
  id: string;
  needId: string;
  stationCode: string;
  communityCode: string;
  communityName: string | null;
  needCategory: string | null;
  needTitle: string | null;
  candidate: { kind: Suggestion['kind']; id: string; name: string };
  status: string;
  score: number | null;
  reasons: Reason[];
  approxDistanceKm: number | null;
  quantity: { amount: number; unit: string } | null;
  declineReason: string | null;
  cancelReason: string | null;
  hours: number | null;
  feedback: string | null;
  respondBy: string | null;
  createdAt: string;
  updatedAt: string;
  beneficiary: { name: string; phone: string | null; address: string } | null;
}

export interface Problem {
  row: number;
  column: string;
  reason: string;
}

export interface ImportJob {
  id: string;
  filename: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  templateId: string;
  headers: string[];
  columnMapping: Record<string, string>;
  missingColumns: Problem[];
  status: 'uploaded' | 'running' | 'completed' | 'failed';
  totalRows: number | null;
  rowsDone: number;
  counts: { valid: number; invalid: number; householdsCreated: number; householdsMatched: number; needsCreated: number; unchanged: number };
  problems: Problem[];
  problemCount: number;
  error: string | null;
}

export interface DryRun {
  jobId: string;
  totalRows: number;
  validRows: number;
  invalidRows: number;
  problems: Problem[];
  problemCount: number;
}

export interface Template {
  id: string;
  name: string;
  description: string;
  stationCode: string | null;
  questions: { key: string; label: string; required: boolean }[];
  columnMapping: Record<string, string>;
}

export interface Resource {
  id: string;
  kind: string;
  category: string;
  categoryName: string;
  title: string;
  description: string;
  quantity: { amount: number; unit: string };
  remaining: { amount: number; unit: string };
  expiresAt: string | null;
  pickupAddress: string | null;
  status: string;
  allocationCount: number;
  createdAt: string;
}

export interface Allocation {
  at: string;
  amount: number;
  unit: string;
  needCategory: string;
  needCategoryName: string;
  stationCode: string;
  stationName: string;
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
