import { Types } from 'mongoose';
import { UserModel } from '../auth/models.js';
import type { Auth } from '../auth/service.js';
import { publish } from '../events/bus.js';
import { AppError, badRequest } from '../http/errors.js';
import { StationModel } from '../stations/model.js';
import { VolunteerModel, type VolunteerDoc } from './model.js';
import { volunteerSearchText } from './repository.js';
import type { VolunteerRegister } from './schema.js';

const phoneTaken = () => new AppError(409, 'phone_registered', '该手机号已注册，请直接登录');

/**
 * Self-registration: creates a pending Volunteer profile and its account (username = phone).
 * Without transactions, the profile is written first (its unique phone index settles races) and
 * removed again if the account cannot be created.
 */
export async function registerVolunteer(props: { input: VolunteerRegister; auth: Auth }): Promise<VolunteerDoc> {
  const { input, auth } = props;
  const station = await StationModel.findOne({ code: input.stationCode, active: true }).lean();
  if (!station) throw badRequest('unknown_station', '没有该社工站，请检查社工站编码');
  if (await UserModel.exists({ username: input.phone })) throw phoneTaken();

  const _id = new Types.ObjectId();
  const maxActive = input.maxActive ?? 3;
  const profile = {
    name: input.name,
    skills: input.skills ?? [],
    description: input.description ?? '',
    certifications: input.certifications ?? [],
  };
  try {
    await VolunteerModel.create({
      _id,
      countyCode: station.countyCode,
      stationCode: station.code,
      phone: input.phone,
      ...profile,
      verifiedCertifications: [],
      availability: input.availability ?? [],
      datesOff: input.datesOff ?? [],
      location: input.location,
      radiusKm: input.radiusKm ?? 5,
      maxActive,
      status: 'pending',
      approved: false,
      searchText: volunteerSearchText(profile),
    });
  } catch (err) {
    if ((err as { code?: unknown }).code === 11000) throw phoneTaken();
    throw err;
  }

  let userId: string;
  try {
    const user = await auth.createUser({
      username: input.phone,
      password: input.password,
      role: 'volunteer',
      displayName: input.name,
      countyCode: station.countyCode,
      stationCode: station.code,
      subjectId: String(_id),
    });
    userId = String(user._id);
  } catch (err) {
    await VolunteerModel.deleteOne({ _id });
    throw (err as { code?: unknown }).code === 11000 ? phoneTaken() : err;
  }
  const saved = await VolunteerModel.findOneAndUpdate({ _id }, { $set: { userId } }, { returnDocument: 'after' }).lean<VolunteerDoc>();
  await publish({
    type: 'volunteer.registered',
    countyCode: station.countyCode,
    audience: { stationCodes: [station.code] },
    payload: { volunteerId: String(_id), stationCode: station.code, name: input.name },
  });
  return saved!;
}
