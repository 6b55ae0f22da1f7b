import { randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import { isDuplicateKey } from '../shared/db-errors.js';
import { defineModel } from '../shared/model.js';

/** An issued 志愿服务记录证明: the hours are frozen at issue, so the code keeps verifying the same facts. */
export interface CertificateDoc {
  _id: Types.ObjectId;
  countyCode: string;
  stationCode: string;
  volunteerId: string;
  serial: string;
  name: string;
  from: string;
  to: string;
  hours: number;
  issuedBy: string;
  createdAt: Date;
}

export const CertificateModel = defineModel<CertificateDoc>(
  'VolunteerCertificate',
  {
    countyCode: { type: String, required: true },
    stationCode: { type: String, required: true },
    volunteerId: { type: String, required: true },
    serial: { type: String, required: true },
    name: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    hours: { type: Number, required: true },
    issuedBy: { type: String, required: true },
  },
  [[{ serial: 1 }, { unique: true }], [{ volunteerId: 1, createdAt: -1 }]],
);

/** The HMAC key of certificate codes: generated once per deployment, kept in the database so codes survive restarts. */
interface SigningKeyDoc {
  _id: string;
  secret: string;
}

export const SigningKeyModel = defineModel<SigningKeyDoc>('SigningKey', {
  _id: { type: String, required: true },
  secret: { type: String, required: true },
});

let cached: Buffer | null = null;

/** The certificate signing key; the first instance to insert it wins (unique _id), the others read it. */
export async function certificateKey(): Promise<Buffer> {
  if (cached) return cached;
  const found = await SigningKeyModel.findOne({ _id: 'certificates' }).lean<SigningKeyDoc>();
  if (found) return (cached = Buffer.from(found.secret, 'base64'));
  try {
    await SigningKeyModel.create({ _id: 'certificates', secret: randomBytes(32).toString('base64') });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  cached = null;
  const stored = await SigningKeyModel.findOne({ _id: 'certificates' }).lean<SigningKeyDoc>();
  return (cached = Buffer.from(stored!.secret, 'base64'));
}

/** Forgets the cached key (tests drop their database between files). */
export function forgetCertificateKey(): void {
  cached = null;
}

export async function insertCertificate(doc: Omit<CertificateDoc, '_id' | 'createdAt'>): Promise<CertificateDoc> {
  return (await CertificateModel.create(doc)).toObject<CertificateDoc>();
}

export async function certificateBySerial(serial: string): Promise<CertificateDoc | null> {
  return CertificateModel.findOne({ serial }).lean<CertificateDoc>();
}
