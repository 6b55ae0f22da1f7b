import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

/**
 * Where a request's time goes: database round trips (count and milliseconds, from the driver's command
 * monitoring) and named spans code adds with `timing(name, fn)` (index work, presenters). Each request
 * answers with a `Server-Timing` header (readable in the browser's network panel and by the bench) and
 * logs one debug line with the same breakdown.
 */

/** Time spent in one kind of work during a request. */
export interface TimingEntry {
  count: number;
  ms: number;
}

/** The breakdown of one request so far. */
export interface RequestTiming {
  db: TimingEntry;
  /** The same round trips by command and collection (`find needs`), to see which ones cost. */
  dbByCommand: Map<string, TimingEntry>;
  spans: Map<string, TimingEntry>;
  startedAt: number;
}

const store = new AsyncLocalStorage<RequestTiming>();

/** The timing of the request in progress, if any. */
export function currentTiming(): RequestTiming | undefined {
  return store.getStore();
}

/** Runs fn with a fresh timing record (the middleware does this per request; benches and tests may too). */
export function withTiming<R>(fn: () => R, timing: RequestTiming = newTiming()): R {
  return store.run(timing, fn);
}

export function newTiming(): RequestTiming {
  return { db: { count: 0, ms: 0 }, dbByCommand: new Map(), spans: new Map(), startedAt: performance.now() };
}

function add(entry: TimingEntry, ms: number): void {
  entry.count++;
  entry.ms += ms;
}

/** Times fn under `name` in the current request's breakdown (no-op outside a request). */
export async function timing<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  const t = store.getStore();
  if (!t) return fn();
  const started = performance.now();
  try {
    return await fn();
  } finally {
    let entry = t.spans.get(name);
    if (!entry) t.spans.set(name, (entry = { count: 0, ms: 0 }));
    add(entry, performance.now() - started);
  }
}

/** Records one finished database round trip against the request whose code sent it. */
export function recordDbRoundTrip(owner: RequestTiming | undefined, ms: number, command = 'command'): void {
  if (!owner) return;
  add(owner.db, ms);
  let entry = owner.dbByCommand.get(command);
  if (!entry) owner.dbByCommand.set(command, (entry = { count: 0, ms: 0 }));
  add(entry, ms);
}

const round = (ms: number) => Math.round(ms * 10) / 10;
/** Server-Timing metric names are tokens: anything else becomes '_'. */
const token = (name: string) => name.replace(/[^A-Za-z0-9!#$%&'*+.^_`|~-]/gu, '_');

/** The `Server-Timing` header value: `db;dur=..;desc="n round trips"`, each span, other, total. */
export function formatServerTiming(t: RequestTiming, now = performance.now()): string {
  const total = now - t.startedAt;
  const spanMs = [...t.spans.values()].reduce((s, e) => s + e.ms, 0);
  const parts = [`db;dur=${round(t.db.ms)};desc="${t.db.count} round trips"`];
  // The three costliest commands (`db.find.needs`): where the database time of this request went.
  const costliest = [...t.dbByCommand].sort((a, b) => b[1].ms - a[1].ms).slice(0, 3);
  for (const [name, e] of costliest) parts.push(`db.${token(name.replace(' ', '.'))};dur=${round(e.ms)};desc="${e.count}x"`);
  for (const [name, e] of t.spans) parts.push(`${token(name)};dur=${round(e.ms)};desc="${e.count}x"`);
  // Round trips may overlap each other and spans (Promise.all), so "other" is a floor of 0.
  parts.push(`other;dur=${round(Math.max(0, total - t.db.ms - spanMs))}`, `total;dur=${round(total)}`);
  return parts.join(', ');
}

/** The breakdown as a log object. */
export function timingSummary(t: RequestTiming, now = performance.now()) {
  return {
    totalMs: round(now - t.startedAt),
    dbRoundTrips: t.db.count,
    dbMs: round(t.db.ms),
    spans: Object.fromEntries([...t.spans].map(([k, e]) => [k, { count: e.count, ms: round(e.ms) }])),
    dbByCommand: Object.fromEntries([...t.dbByCommand].map(([k, e]) => [k, { count: e.count, ms: round(e.ms) }])),
  };
}

/**
 * Express middleware: gives the request a timing record, adds `Server-Timing` just before the headers
 * go out, and logs the breakdown at debug level when the response finishes.
 */
export function serverTimingMiddleware() {
  return (req: Request, res: Response, next: NextFunction) => {
    const t = newTiming();
    const original = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    res.writeHead = ((...args: unknown[]) => {
      if (!res.headersSent) res.setHeader('Server-Timing', formatServerTiming(t));
      return original(...args);
    }) as typeof res.writeHead;
    res.once('finish', () => {
      if (req.log?.isLevelEnabled('debug')) req.log.debug({ timing: timingSummary(t) }, 'request timing');
    });
    store.run(t, next);
  };
}

/** The part of the driver's MongoClient the monitor needs. */
interface CommandEvents {
  on(
    event: 'commandStarted',
    fn: (e: { requestId: number; connectionId?: unknown; commandName: string; command: Record<string, unknown> }) => void,
  ): unknown;
  on(
    event: 'commandSucceeded' | 'commandFailed',
    fn: (e: { requestId: number; connectionId?: unknown; duration: number }) => void,
  ): unknown;
}

const attached = new WeakSet<object>();

/**
 * Attributes every command the driver sends to the request that sent it. The client must be created
 * with `monitorCommands: true`. commandStarted runs synchronously in the caller's async context, so the
 * store read there is the request's; the driver's request id links the reply to it.
 */
export function attachCommandTiming(client: CommandEvents): void {
  if (attached.has(client)) return;
  attached.add(client);
  const owners = new Map<string, { t: RequestTiming; command: string }>();
  const key = (e: { requestId: number; connectionId?: unknown }) => `${String(e.connectionId)}:${e.requestId}`;
  client.on('commandStarted', (e) => {
    const t = store.getStore();
    if (!t) return;
    const target = e.command[e.commandName];
    owners.set(key(e), { t, command: typeof target === 'string' ? `${e.commandName} ${target}` : e.commandName });
  });
  const finished = (e: { requestId: number; connectionId?: unknown; duration: number }) => {
    const k = key(e);
    const owner = owners.get(k);
    if (!owner) return;
    owners.delete(k);
    recordDbRoundTrip(owner.t, e.duration, owner.command);
  };
  client.on('commandSucceeded', finished);
  client.on('commandFailed', finished);
}
