import { Types } from 'mongoose';
import type { Auth } from '../auth/service.js';
import { publish } from '../events/bus.js';
import type { AnyDomainEvent } from '../events/types.js';
import { hashPassword } from '../auth/password.js';
import { passwordProblems } from '../auth/password-policy.js';
import { AppError, badRequest } from '../http/errors.js';
import { fieldError } from '../http/field-error.js';
import { isDuplicateKey } from '../shared/db-errors.js';
import { logFailure } from '../shared/log-failure.js';
import { getStation } from '../stations/service.js';
import type { StationDoc } from '../stations/model.js';

/** The one answer for a phone that already has an account or profile, whichever store noticed. */
export const phoneTaken = () => new AppError(409, 'phone_registered', '该手机号已注册，请直接登录');

/** How registration writes one kind of profile (volunteer, organisation, charity) through its repository. */
export interface ProfileStore<P> {
  /** Writes the profile under `id`; its unique phone index may refuse it with a duplicate-key error. */
  insert(id: Types.ObjectId): Promise<void>;
  /** Removes the profile again when its account cannot be created. */
  remove(id: Types.ObjectId): Promise<void>;
  /** Points the profile at its account and returns it. */
  link(id: Types.ObjectId, userId: string): Promise<P>;
}

/**
 * Registers a profile with its sign-in account (username = phone): the one path for volunteers,
 * organisations and charities. Without transactions the profile is written first (its unique phone
 * index settles races) and removed again if the account cannot be created; a duplicate phone is the
 * same 409 from either store. The event, when given, is published after both writes.
 */
export async function registerAccount<P>(props: {
  auth: Auth;
  store: ProfileStore<P>;
  account: {
    role: 'volunteer' | 'organisation' | 'charity';
    phone: string;
    password: string;
    displayName: string;
    countyCode: string;
    stationCode?: string;
  };
  announce?: (id: string) => AnyDomainEvent;
}): Promise<P> {
  const { auth, store, account } = props;
  const id = new Types.ObjectId();
  try {
    await store.insert(id);
  } catch (err) {
    throw isDuplicateKey(err) ? phoneTaken() : err;
  }
  let userId: string;
  try {
    const user = await auth.createUser({
      username: account.phone,
      password: account.password,
      role: account.role,
      displayName: account.displayName,
      countyCode: account.countyCode,
      ...(account.stationCode ? { stationCode: account.stationCode } : {}),
      subjectId: String(id),
    });
    userId = String(user._id);
  } catch (err) {
    await store.remove(id).catch(logFailure('removing a profile whose account failed', { role: account.role, id: String(id) }));
    const taken = isDuplicateKey(err) || (err instanceof AppError && err.code === 'username_taken');
    throw taken ? phoneTaken() : err;
  }
  const saved = await store.link(id, userId);
  if (props.announce) await publish(props.announce(String(id)));
  return saved;
}

/** The active station a self-registration names, or 400. */
export async function stationForRegistration(stationCode: string): Promise<StationDoc> {
  const station = await getStation({ kind: 'county', countyCode: stationCode.slice(0, 6) }, stationCode).catch((err: unknown) => {
    if (err instanceof AppError && err.status === 404) return null;
    throw err;
  });
  if (!station?.active) throw badRequest('unknown_station', '没有该社工站，请检查社工站编码', { field: 'stationCode' });
  return station;
}

/** The one answer to a self-registration, whether the phone was new or already taken. */
export const REGISTRATION_PENDING = { status: 'pending', message: '注册申请已提交，审核通过后可用手机号登录' } as const;
export type RegistrationPending = typeof REGISTRATION_PENDING;

/**
 * Public self-registration that does not tell whether a phone is taken: a taken phone answers
 * exactly like a success, and its password is hashed all the same so the time taken matches (the
 * scrypt work dominates the answer time). The password policy is checked first, for both, so a
 * weak password is refused alike whatever the phone.
 */
export async function registerWithoutEnumeration(props: {
  phone: string;
  password: string;
  register: () => Promise<unknown>;
}): Promise<RegistrationPending> {
  const problems = passwordProblems(props.password, { username: props.phone, phone: props.phone });
  if (problems.length) throw fieldError('password', problems.join('；'));
  try {
    await props.register();
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'phone_registered')) throw err;
    await hashPassword(props.password);
  }
  return REGISTRATION_PENDING;
}
