import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../http/errors.js';

/**
 * Where counters live. In memory by default (one instance); pass a Redis client (ioredis or
 * node-redis, as rate-limiter-flexible accepts) once REDIS_URL is configured, so every instance
 * shares the same counts and locks.
 */
export interface ThrottleStore {
  /** A connected Redis client; omitted: counters live in this process's memory. */
  redis?: unknown;
}

/** Limits of sign-in and registration; the defaults suit production. */
export interface ThrottleLimits {
  /** Failed sign-ins of one account that are free; each further failure locks the account for longer. */
  accountFreeFailures: number;
  /** Failed sign-ins from one address that are free (per hour); then the address is locked, growing too. */
  addressFreeFailures: number;
  /** The first lock's length in seconds; each further failure doubles it. */
  firstLockSeconds: number;
  /** The longest lock in seconds. */
  maxLockSeconds: number;
  /** Registrations accepted from one address per hour. */
  registrationsPerAddressPerHour: number;
  /** Uploads (questionnaire imports) one user may start per hour. */
  uploadsPerUserPerHour: number;
  /** Exports (files built from records) one user may download per hour. */
  exportsPerUserPerHour: number;
}

export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = {
  accountFreeFailures: 5,
  addressFreeFailures: 20,
  firstLockSeconds: 60,
  maxLockSeconds: 3600,
  registrationsPerAddressPerHour: 10,
  uploadsPerUserPerHour: 30,
  exportsPerUserPerHour: 60,
};

/** What a per-user limit counts. */
export type UsageKind = 'upload' | 'export';

/** 429 with Retry-After (seconds): the error handler sets the header from `retryAfterSeconds`. */
export class TooManyRequestsError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(429, 'too_many_requests', message, { retryAfterSeconds });
  }
}

/** "3 分钟" / "45 秒": how long to wait, for people. */
function waitText(seconds: number): string {
  return seconds >= 60 ? `${Math.ceil(seconds / 60)} 分钟` : `${seconds} 秒`;
}

/** Builds one limiter on the store; `duration` is the counting window in seconds. */
function limiterOn(store: ThrottleStore, keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
  if (!store.redis) return new RateLimiterMemory({ keyPrefix, points, duration });
  // While Redis is unreachable, counting goes on in this process's memory rather than failing sign-in.
  const insuranceLimiter = new RateLimiterMemory({ keyPrefix, points, duration });
  return new RateLimiterRedis({ storeClient: store.redis, keyPrefix: `wushe:${keyPrefix}`, points, duration, insuranceLimiter });
}

const DAY = 86_400;
const HOUR = 3600;
/** Counters that never reject by themselves: we read the count and decide the lock. */
const UNBOUNDED = 1_000_000;

/**
 * Sign-in and registration throttling: failures counted per account and per address, a lock that
 * grows with every failure past the free ones, lifted by time or by the county admin.
 * The account key is the username as typed, whether or not such an account exists, so a lock does not
 * reveal which usernames are real.
 */
export class Throttle {
  readonly limits: ThrottleLimits;
  private readonly accountFailures: RateLimiterAbstract;
  private readonly addressFailures: RateLimiterAbstract;
  /** Locks: a blocked key is locked until its block runs out. */
  private readonly locks: RateLimiterAbstract;
  private readonly registrations: RateLimiterAbstract;
  private readonly usage: Record<UsageKind, RateLimiterAbstract>;

  constructor(limits: Partial<ThrottleLimits> = {}, store: ThrottleStore = {}) {
    this.limits = { ...DEFAULT_THROTTLE_LIMITS, ...limits };
    this.accountFailures = limiterOn(store, 'login_fail_account', UNBOUNDED, DAY);
    this.addressFailures = limiterOn(store, 'login_fail_address', UNBOUNDED, HOUR);
    this.locks = limiterOn(store, 'login_lock', 1, 1);
    this.registrations = limiterOn(store, 'register_address', this.limits.registrationsPerAddressPerHour, HOUR);
    this.usage = {
      upload: limiterOn(store, 'upload_user', this.limits.uploadsPerUserPerHour, HOUR),
      export: limiterOn(store, 'export_user', this.limits.exportsPerUserPerHour, HOUR),
    };
  }

  /** Counts one upload or export of a user; throws a 429 past the hourly limit. */
  async use(kind: UsageKind, userId: string): Promise<void> {
    try {
      await this.usage[kind].consume(`u:${userId}`);
    } catch (res) {
      if (res instanceof Error) throw res;
      const seconds = Math.max(1, Math.ceil((res as { msBeforeNext: number }).msBeforeNext / 1000));
      const what = kind === 'upload' ? '上传文件' : '导出';
      throw new TooManyRequestsError(seconds, `${what}过于频繁，请 ${waitText(seconds)}后再试`);
    }
  }

  /** Throws a 429 when the account or the address is locked. Call before checking the password. */
  async assertMaySignIn(username: string, address: string): Promise<void> {
    const [account, from] = await Promise.all([this.lockLeft(accountKey(username)), this.lockLeft(addressKey(address))]);
    if (account > 0)
      throw new TooManyRequestsError(account, `登录失败次数过多，该账号已临时锁定，请 ${waitText(account)}后再试，或联系县级管理员解锁`);
    if (from > 0) throw new TooManyRequestsError(from, `本网络登录失败次数过多，请 ${waitText(from)}后再试`);
  }

  /** Counts a failed sign-in and locks the account and/or the address when past the free failures. */
  async failed(username: string, address: string): Promise<void> {
    const [account, from] = await Promise.all([
      this.accountFailures.penalty(accountKey(username)),
      this.addressFailures.penalty(addressKey(address)),
    ]);
    await Promise.all([
      this.lockPast(accountKey(username), account.consumedPoints, this.limits.accountFreeFailures),
      this.lockPast(addressKey(address), from.consumedPoints, this.limits.addressFreeFailures),
    ]);
  }

  /** A successful sign-in clears the account's failures (an address's count runs out with its window). */
  async succeeded(username: string): Promise<void> {
    await this.accountFailures.delete(accountKey(username));
  }

  /** Lifts an account's lock and forgets its failures; true when there was something to lift. */
  async lift(username: string): Promise<boolean> {
    const [failures, lock] = await Promise.all([
      this.accountFailures.delete(accountKey(username)),
      this.locks.delete(accountKey(username)),
    ]);
    return failures || lock;
  }

  /** Counts a registration from an address; throws a 429 past the hourly limit. */
  async registration(address: string): Promise<void> {
    try {
      await this.registrations.consume(addressKey(address));
    } catch (res) {
      if (res instanceof Error) throw res;
      const seconds = Math.max(1, Math.ceil((res as { msBeforeNext: number }).msBeforeNext / 1000));
      throw new TooManyRequestsError(seconds, `注册过于频繁，请 ${waitText(seconds)}后再试`);
    }
  }

  /** Seconds left on a lock, 0 when not locked. */
  private async lockLeft(key: string): Promise<number> {
    const res = await this.locks.get(key);
    if (!res || res.consumedPoints <= 1 || res.msBeforeNext <= 0) return 0;
    return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  }

  /** After `free` failures each one locks: first lock, doubling, up to the longest. */
  private async lockPast(key: string, failures: number, free: number): Promise<void> {
    if (failures < free) return;
    const seconds = Math.min(this.limits.firstLockSeconds * 2 ** (failures - free), this.limits.maxLockSeconds);
    await this.locks.block(key, seconds);
  }
}

const accountKey = (username: string) => `u:${username.trim().toLowerCase()}`;
const addressKey = (address: string) => `a:${address}`;
