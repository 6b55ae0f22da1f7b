import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError, forbidden, unauthorized } from '../http/errors.js';
import { idOf, trusted } from '../shared/model.js';
import { claimNextRevision } from '../shared/revision-claims.js';
import type { Actor, Role } from './actor.js';
import { SessionModel, UserModel, type UserDoc } from './models.js';
import { hashPassword, verifyPassword } from './password.js';
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
  user: { id: string; role: Role; displayName: string; countyCode: string; stationCode?: string; subjectId?: string };
}

/** Sign-in, refresh rotation, revocation, and the guard middleware that turns a token into an Actor. */
export class Auth {
  constructor(
    readonly signer: TokenSigner,
    private readonly accessTtlSeconds: number,
    private readonly refreshTtlDays: number,
  ) {}

  /** Creates an account with a hashed password. */
  async createUser(input: Omit<UserDoc, '_id' | 'passwordHash' | 'disabled' | 'createdAt' | 'updatedAt'> & { password: string }) {
    const { password, ...rest } = input;
    const existing = await UserModel.findOne({ username: rest.username });
    if (existing) throw new AppError(409, 'username_taken', '该账号已被注册');
    const created = await UserModel.create({ ...rest, passwordHash: await hashPassword(password) });
    return created.toObject();
  }

  async login(username: string, password: string): Promise<TokenPair> {
    const user = await UserModel.findOne({ username });
    // Same answer for unknown user and wrong password: do not reveal which accounts exist.
    if (!user || user.disabled || !(await verifyPassword(password, user.passwordHash))) {
      throw unauthorized('账号或密码错误');
    }
    return this.openSession(user);
  }

  /**
   * Rotates a refresh token: the old one stops working the moment the new pair is issued. Two
   * requests racing with the same token get one new pair between them: the winner claims the
   * session's next revision (an atomic insert, also on FerretDB) before revoking it.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const now = new Date();
    const session = await SessionModel.findOne({
      refreshTokenHash: hashRefreshToken(refreshToken),
      revokedAt: null,
      expiresAt: trusted({ $gt: now }),
    });
    const sessionId = session ? idOf(session) : '';
    const won =
      session &&
      (await claimNextRevision('session', sessionId, 0, async () =>
        (await SessionModel.exists({ _id: session._id, revokedAt: null })) ? 0 : 1,
      ));
    if (!session || !won) throw unauthorized('登录已过期，请重新登录');
    await SessionModel.updateOne({ _id: session._id }, { $set: { revokedAt: now } });
    const user = await UserModel.findById(session.userId);
    if (!user || user.disabled) throw unauthorized('账号不可用');
    return this.openSession(user);
  }

  /** Revokes the session behind an access token: its access and refresh tokens die at once. */
  async logout(actor: Actor): Promise<void> {
    await SessionModel.updateOne({ _id: actor.sessionId }, { $set: { revokedAt: new Date() } });
  }

  /** Resolves a bearer token into an Actor, or undefined (also used by the socket handshake). */
  async actorFromToken(token: string | undefined): Promise<Actor | undefined> {
    if (!token) return undefined;
    const claims = this.signer.verify(token);
    if (!claims) return undefined;
    const live = await SessionModel.exists({ _id: claims.sid, revokedAt: null });
    if (!live) return undefined;
    return {
      userId: claims.sub,
      sessionId: claims.sid,
      role: claims.role,
      countyCode: claims.cty,
      stationCode: claims.stn,
      subjectId: claims.subj,
      displayName: claims.name,
    };
  }

  /** Middleware: requires a valid token, and one of the roles when given. */
  guard(...roles: Role[]): RequestHandler {
    return async (req: Request, _res: Response, next: NextFunction) => {
      const header = req.header('authorization');
      const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
      const actor = await this.actorFromToken(token);
      if (!actor) throw unauthorized();
      if (roles.length && !roles.includes(actor.role)) throw forbidden();
      req.actor = actor;
      next();
    };
  }

  private async openSession(user: UserDoc): Promise<TokenPair> {
    const refresh = newRefreshToken();
    const session = await SessionModel.create({
      userId: idOf(user),
      refreshTokenHash: refresh.hash,
      expiresAt: new Date(Date.now() + this.refreshTtlDays * 86_400_000),
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
      },
    };
  }
}

/** The actor of a guarded request (guard has run, so it is there). */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}
