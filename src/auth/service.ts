import { EventEmitter } from 'node:events';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError, forbidden, notFound, unauthorized } from '../http/errors.js';
import { fieldError } from '../http/field-error.js';
import { idOf } from '../shared/model.js';
import { logFailure } from '../shared/log-failure.js';
import { claimNextRevision } from '../shared/revision-claims.js';
import type { Actor, Role } from './actor.js';
import { LiveSessionCache } from './live-sessions.js';
import type { SessionDoc, UserDoc } from './models.js';
import { passwordProblems } from './password-policy.js';
import { hashPassword, verifyPassword } from './password.js';
import { sessions, users, type NewUser } from './repository.js';
import { Throttle } from './throttle.js';
import { TokenSigner, hashRefreshToken, newRefreshToken } from './tokens.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by Auth.guard from a verified token and a live session. */
      actor?: Actor;
    }
  }
}

/** Tokens handed out at sign-in and refresh. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: {
    id: string;
    role: Role;
    displayName: string;
    countyCode: string;
    stationCode?: string;
    subjectId?: string;
    mustChangePassword: boolean;
  };
}

/** Where a sign-in comes from: the client address the throttle counts by. */
export interface SignInOrigin {
  address: string;
}

/** Listener of ended sessions (logout, refresh-token reuse): the live server closes their sockets. */
export type SessionsEndedListener = (sessionIds: string[]) => void;

/** Sign-in, refresh rotation, revocation, and the guard middleware that turns a token into an Actor. */
export class Auth {
  private readonly ended = new EventEmitter();
  /** Sessions found live a moment ago: an authenticated request does not read its session every time. */
  private readonly liveSessions = new LiveSessionCache();
  /** A hash of no password, verified for unknown usernames so they take as long to refuse as known ones. */
  private readonly dummyHash: Promise<string>;

  constructor(
    readonly signer: TokenSigner,
    private readonly accessTtlSeconds: number,
    private readonly refreshTtlDays: number,
    readonly throttle: Throttle = new Throttle(),
  ) {
    this.dummyHash = hashPassword('not-a-password-of-anyone');
    this.dummyHash.catch(logFailure('hashing the dummy password', {}));
  }

  /**
   * Creates an account with a hashed password. The password policy holds for every account,
   * whichever route creates it (400 on `password`).
   */
  async createUser(input: Omit<NewUser, 'passwordHash'> & { password: string; phone?: string }): Promise<UserDoc> {
    const { password, phone, ...rest } = input;
    const problems = passwordProblems(password, { username: rest.username, phone });
    if (problems.length) throw fieldError('password', problems.join('；'));
    if (await users.exists(rest.username)) throw new AppError(409, 'username_taken', '该账号已被注册');
    const created = await users.create({ ...rest, passwordHash: await hashPassword(password) });
    if (!created) throw new AppError(409, 'username_taken', '该账号已被注册');
    return created;
  }

  /**
   * Signs in. Locked accounts and addresses answer 429 before any password is checked; an unknown
   * username costs the same scrypt work as a known one, so timing does not tell which exist.
   */
  async login(username: string, password: string, origin: SignInOrigin = { address: 'unknown' }): Promise<TokenPair> {
    await this.throttle.assertMaySignIn(username, origin.address);
    const user = await users.findByUsername(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.dummyHash));
    // Same answer for unknown user and wrong password: do not reveal which accounts exist.
    if (!user || user.disabled || !ok) {
      await this.throttle.failed(username, origin.address);
      throw unauthorized('账号或密码错误');
    }
    await this.throttle.succeeded(username);
    return this.openSession(user);
  }

  /**
   * Rotates a refresh token: the old one stops working the moment the new pair is issued. Two
   * requests racing with the same token get one new pair between them: the winner claims the
   * session's next revision (an atomic insert, also on FerretDB) before revoking it.
   * A token that was already rotated and comes back is a replay (stolen, or copied): the whole
   * family of sessions descending from its sign-in ends.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const now = new Date();
    const session = await sessions.findByRefreshHash(hashRefreshToken(refreshToken));
    if (!session || session.expiresAt <= now) throw unauthorized('登录已过期，请重新登录');
    if (session.revokedAt) {
      if (session.revokedReason === 'rotated') await this.endFamily(session, 'reuse');
      throw unauthorized('登录已过期，请重新登录');
    }
    const sessionId = idOf(session);
    const won = await claimNextRevision('session', sessionId, 0, async () => ((await sessions.isLive(sessionId)) ? 0 : 1));
    if (!won) throw unauthorized('登录已过期，请重新登录');
    await sessions.revoke(sessionId, 'rotated', now);
    this.liveSessions.forget([sessionId]);
    const user = await users.findById(session.userId);
    if (!user || user.disabled) throw unauthorized('账号不可用');
    return this.openSession(user, session.familyId ?? sessionId);
  }

  /** Revokes the session behind an access token and its family: access and refresh tokens and open sockets die at once. */
  async logout(actor: Actor): Promise<void> {
    const session = await sessions.findById(actor.sessionId);
    if (session) await this.endFamily(session, 'logout');
  }

  /**
   * Changes one's own password: the old one must be right (400 on `oldPassword`), the new one pass the
   * policy (400 on `newPassword`). Every session of the account ends, this one included, and a fresh
   * pair is returned for this device: whoever else held the account is out.
   */
  async changePassword(actor: Actor, oldPassword: string, newPassword: string, origin: SignInOrigin): Promise<TokenPair> {
    const user = await users.findById(actor.userId);
    if (!user || user.disabled) throw unauthorized('账号不可用');
    await this.throttle.assertMaySignIn(user.username, origin.address);
    if (!(await verifyPassword(oldPassword, user.passwordHash))) {
      // A wrong old password counts like a failed sign-in: the form must not become a way to guess it.
      await this.throttle.failed(user.username, origin.address);
      throw fieldError('oldPassword', '原密码不正确');
    }
    const problems = passwordProblems(newPassword, { username: user.username });
    if (problems.length) throw fieldError('newPassword', problems.join('；'));
    if (await verifyPassword(newPassword, user.passwordHash)) throw fieldError('newPassword', '新密码不能与原密码相同');
    await users.setPassword(idOf(user), await hashPassword(newPassword), false);
    await this.endAllOf(idOf(user), 'password_changed');
    return this.openSession({ ...user, mustChangePassword: false });
  }

  /**
   * The county admin sets a new password for a coordinator of the county (404 for anyone else): every
   * session of the account ends, and the coordinator must choose their own at the next sign-in.
   */
  async resetPassword(admin: Actor, userId: string, newPassword: string): Promise<UserDoc> {
    const user = await users.findById(userId);
    if (!user || user.role !== 'coordinator' || user.countyCode !== admin.countyCode) throw notFound('驻站社工账号');
    const problems = passwordProblems(newPassword, { username: user.username });
    if (problems.length) throw fieldError('password', problems.join('；'));
    await users.setPassword(userId, await hashPassword(newPassword), true);
    await this.endAllOf(userId, 'password_reset');
    return { ...user, mustChangePassword: true };
  }

  /** Signs the account out on every device: all its sessions end and their sockets close. */
  async logoutEverywhere(actor: Actor): Promise<number> {
    return (await this.endAllOf(actor.userId, 'everywhere')).length;
  }

  /** Lifts a sign-in lock of an account (the county admin's action); true when there was one. */
  liftLock(username: string): Promise<boolean> {
    return this.throttle.lift(username);
  }

  /** Subscribes to ended sessions; returns the unsubscribe function. */
  onSessionsEnded(listener: SessionsEndedListener): () => void {
    this.ended.on('ended', listener);
    return () => this.ended.off('ended', listener);
  }

  /** Of these session ids, those whose sockets must close (family ended or expired): for instances that did not see the logout. */
  endedSessions(sessionIds: string[]): Promise<string[]> {
    return sessions.ended(sessionIds);
  }

  /** Resolves a bearer token into an Actor, or undefined (also used by the socket handshake). */
  async actorFromToken(token: string | undefined): Promise<Actor | undefined> {
    if (!token) return undefined;
    const claims = this.signer.verify(token);
    if (!claims) return undefined;
    if (!(await this.isLive(claims.sid))) return undefined;
    return {
      userId: claims.sub,
      sessionId: claims.sid,
      role: claims.role,
      countyCode: claims.cty,
      stationCode: claims.stn,
      subjectId: claims.subj,
      displayName: claims.name,
      mustChangePassword: claims.mcp === true ? true : undefined,
    };
  }

  /**
   * Middleware: requires a valid token, and one of the roles when given. An account whose password
   * the county admin reset may do nothing but change it (403 password_change_required).
   */
  guard(...roles: Role[]): RequestHandler {
    return this.guardWith(false, roles);
  }

  /** The guard of the few routes open while a password change is due (who am I, change it, sign out). */
  guardDuringPasswordChange(): RequestHandler {
    return this.guardWith(true, []);
  }

  private guardWith(allowPasswordChange: boolean, roles: Role[]): RequestHandler {
    return async (req: Request, _res: Response, next: NextFunction) => {
      const header = req.header('authorization');
      const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
      const actor = await this.actorFromToken(token);
      if (!actor) throw unauthorized();
      if (actor.mustChangePassword && !allowPasswordChange)
        throw new AppError(403, 'password_change_required', '管理员已重置您的密码，请先设置新密码');
      if (roles.length && !roles.includes(actor.role)) throw forbidden();
      req.actor = actor;
      next();
    };
  }

  /** Whether the session is live: remembered for a second, else read (see LiveSessionCache). */
  private async isLive(sessionId: string): Promise<boolean> {
    if (this.liveSessions.has(sessionId)) return true;
    const mark = this.liveSessions.mark();
    const live = await sessions.isLive(sessionId);
    if (live) this.liveSessions.remember(sessionId, mark);
    return live;
  }

  /** Sessions that ended here: forgotten at once (this instance refuses them from now), then announced. */
  private announceEnded(ids: string[]): void {
    this.liveSessions.forget(ids);
    this.ended.emit('ended', ids);
  }

  private async endAllOf(userId: string, reason: 'everywhere' | 'password_changed' | 'password_reset'): Promise<string[]> {
    const ids = await sessions.endAllOfUser(userId, reason);
    if (ids.length) this.announceEnded(ids);
    return ids;
  }

  private async endFamily(session: SessionDoc, reason: 'logout' | 'reuse'): Promise<void> {
    const ids = await sessions.endFamily(session, reason);
    this.announceEnded(ids);
  }

  private async openSession(user: UserDoc, familyId?: string): Promise<TokenPair> {
    const refresh = newRefreshToken();
    const session = await sessions.open({
      userId: idOf(user),
      refreshTokenHash: refresh.hash,
      expiresAt: new Date(Date.now() + this.refreshTtlDays * 86_400_000),
      familyId,
    });
    const accessToken = this.signer.sign(
      {
        sub: idOf(user),
        sid: idOf(session),
        role: user.role,
        cty: user.countyCode,
        stn: user.stationCode,
        subj: user.subjectId,
        name: user.displayName,
        mcp: user.mustChangePassword ? true : undefined,
      },
      this.accessTtlSeconds,
    );
    return {
      accessToken,
      refreshToken: refresh.token,
      expiresIn: this.accessTtlSeconds,
      user: {
        id: idOf(user),
        role: user.role,
        displayName: user.displayName,
        countyCode: user.countyCode,
        stationCode: user.stationCode,
        subjectId: user.subjectId,
        mustChangePassword: Boolean(user.mustChangePassword),
      },
    };
  }
}

/** The actor of a guarded request (guard has run, so it is there). */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}
