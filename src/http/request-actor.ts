import type { Request } from 'express';
import type { Actor } from '../auth/actor.js';
import type { Auth } from '../auth/service.js';

const resolved = new WeakMap<Request, Promise<Actor | undefined>>();

/**
 * The signed-in actor of a request, for middleware that runs before the routers' guards (idempotency,
 * per-user limits). Undefined without a valid token: the route's guard then answers 401 as usual.
 * Resolved once per request however many middleware ask.
 */
export function bearerActor(auth: Auth, req: Request): Promise<Actor | undefined> {
  let actor = resolved.get(req);
  if (!actor) {
    const header = req.header('authorization');
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    actor = token ? auth.actorFromToken(token) : Promise.resolve(undefined);
    resolved.set(req, actor);
  }
  return actor;
}
