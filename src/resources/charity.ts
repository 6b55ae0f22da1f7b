import { Types } from 'mongoose';
import { UserModel } from '../auth/models.js';
import type { Auth } from '../auth/service.js';
import { AppError, notFound } from '../http/errors.js';
import { defineModel, isObjectId } from '../shared/model.js';

/** A charity 慈善组织 / 爱心企业 / 基金会 that posts resources for a county. */
export interface CharityDoc {
  _id: Types.ObjectId;
  countyCode: string;
  name: string;
  type: string;
  description: string;
  contactName?: string;
  /** Sensitive: masked in lists. */
  contactPhone: string;
  userId?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Charities of a county; each has one sign-in account. */
export const CharityModel = defineModel<CharityDoc>(
  'Charity',
  {
    countyCode: { type: String, required: true },
    name: { type: String, required: true },
    type: { type: String, required: true },
    description: { type: String, default: '' },
    contactName: String,
    contactPhone: { type: String, required: true },
    userId: String,
  },
  [[{ countyCode: 1, name: 1 }]],
);

/** Kinds of donors the product distinguishes. */
export const CHARITY_TYPES = ['慈善组织', '爱心企业', '基金会', '其他'] as const;

/**
 * Creates a charity and its sign-in account (username = contact phone) in a county.
 * The profile is removed again when the account cannot be created (no transactions on FerretDB).
 */
export async function createCharity(props: {
  auth: Auth;
  countyCode: string;
  input: { name: string; type: string; description?: string; contactName?: string; contactPhone: string; password: string };
}): Promise<CharityDoc> {
  const { auth, countyCode, input } = props;
  if (await UserModel.exists({ username: input.contactPhone })) throw new AppError(409, 'phone_registered', '该手机号已注册');
  const _id = new Types.ObjectId();
  await CharityModel.create({
    _id,
    countyCode,
    name: input.name,
    type: input.type,
    description: input.description ?? '',
    contactName: input.contactName,
    contactPhone: input.contactPhone,
  });
  try {
    const user = await auth.createUser({
      username: input.contactPhone,
      password: input.password,
      role: 'charity',
      displayName: input.name,
      countyCode,
      subjectId: String(_id),
    });
    return (await CharityModel.findOneAndUpdate(
      { _id },
      { $set: { userId: String(user._id) } },
      { returnDocument: 'after' },
    ).lean<CharityDoc>())!;
  } catch (err) {
    await CharityModel.deleteOne({ _id });
    throw err;
  }
}

/** The charity an account speaks for, or 404. */
export async function charityOf(subjectId: string | undefined): Promise<CharityDoc> {
  const doc = subjectId && isObjectId(subjectId) ? await CharityModel.findOne({ _id: subjectId }).lean<CharityDoc>() : null;
  if (!doc) throw notFound('慈善组织');
  return doc;
}
