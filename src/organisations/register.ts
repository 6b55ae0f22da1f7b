import { Types } from 'mongoose';
import { UserModel } from '../auth/models.js';
import type { Auth } from '../auth/service.js';
import { AppError, badRequest } from '../http/errors.js';
import { StationModel } from '../stations/model.js';
import { OrganisationModel, type OrganisationDoc } from './model.js';
import { assertCoverageInCounty, organisationSearchText } from './repository.js';
import type { OrganisationRegister } from './schema.js';

const phoneTaken = () => new AppError(409, 'phone_registered', '该手机号已注册，请直接登录');

/**
 * Registers an organisation to its home station with an account (username = contact phone); it is
 * pending until a coordinator of that station approves it. The profile is removed again if the
 * account cannot be created (no transactions on FerretDB).
 */
export async function registerOrganisation(props: { input: OrganisationRegister; auth: Auth }): Promise<OrganisationDoc> {
  const { input, auth } = props;
  const station = await StationModel.findOne({ code: input.stationCode, active: true }).lean();
  if (!station) throw badRequest('unknown_station', '没有该社工站，请检查社工站编码', { field: 'stationCode' });
  assertCoverageInCounty(input.coverage, station.countyCode);
  if (await UserModel.exists({ username: input.phone })) throw phoneTaken();
  const _id = new Types.ObjectId();
  const { phone, password, stationCode: _station, ...profile } = input;
  try {
    await OrganisationModel.create({
      _id,
      ...profile,
      countyCode: station.countyCode,
      stationCode: station.code,
      contactPhone: phone,
      usedThisMonth: 0,
      status: 'pending',
      approved: false,
      searchText: organisationSearchText(profile),
    });
  } catch (err) {
    if ((err as { code?: unknown }).code === 11000) throw phoneTaken();
    throw err;
  }
  try {
    const user = await auth.createUser({
      username: phone,
      password,
      role: 'organisation',
      displayName: profile.name,
      countyCode: station.countyCode,
      stationCode: station.code,
      subjectId: String(_id),
    });
    const saved = await OrganisationModel.findOneAndUpdate(
      { _id },
      { $set: { userId: String(user._id) } },
      { returnDocument: 'after' },
    ).lean<OrganisationDoc>();
    return saved!;
  } catch (err) {
    await OrganisationModel.deleteOne({ _id });
    throw (err as { code?: unknown }).code === 11000 ? phoneTaken() : err;
  }
}
