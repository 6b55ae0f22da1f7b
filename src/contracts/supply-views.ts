/**
 * What the console reads about volunteers, organisations and service hours (shared with the
 * server's zod views; dependency-free).
 */
import type { LatLng } from './views.js';

export type ReviewStatus = 'pending' | 'approved' | 'rejected';

export interface Window {
  day: number;
  start: string;
  end: string;
}

export interface Volunteer {
  id: string;
  stationCode: string;
  name: string;
  phone: string;
  skills: string[];
  description: string;
  certifications: string[];
  verifiedCertifications: string[];
  availability: Window[];
  datesOff: string[];
  location: LatLng | null;
  homeCommunityCode: string | null;
  radiusKm: number;
  maxActive: number;
  active: number;
  status: ReviewStatus;
  approved: boolean;
  createdAt: string;
}

export interface Organisation {
  id: string;
  stationCode: string;
  name: string;
  type: string;
  categories: string[];
  description: string;
  capacityPerMonth: number;
  usedThisMonth: number;
  contactName: string | null;
  contactPhone: string;
  status: ReviewStatus;
  approved: boolean;
  createdAt: string;
}

/** One service-hours entry: the volunteer's figure, then the coordinator's confirmation. */
export interface HoursEntry {
  id: string;
  stationCode: string;
  volunteerId: string;
  volunteerName: string;
  assignmentId: string;
  needTitle: string | null;
  hours: number;
  date: string;
  month: string;
  note: string | null;
  confirmed: boolean;
  confirmedAt: string | null;
  confirmNote: string | null;
  correctedFrom: { hours: number; note: string | null } | null;
  createdAt: string;
}

export interface MyHours {
  months: Array<{ key: string; hours: number; entries: number; runningTotal: number }>;
  total: number;
  unconfirmedHours: number;
  entries: HoursEntry[];
}

/** The one answer of a self-registration. */
export interface RegistrationPending {
  status: 'pending';
  message: string;
}
