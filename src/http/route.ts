import { Router, type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { OpenApiRegistry, OperationRecord } from '../openapi/registry.js';
import { ValidationError } from './errors.js';
import { installChineseZodMessages, labelIssues } from './zod-messages.js';

// Every request is validated here: zod's messages are Chinese and name the field from here on.
installChineseZodMessages();

type Schema = z.ZodType | undefined;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler receives after validation: parsed body, query and params. */
export interface RouteInput<B extends Schema, Q extends Schema, P extends Schema> {
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
}

/** Declaration of one endpoint: its schemas validate the request and feed the OpenAPI document. */
export interface RouteSpec<B extends Schema, Q extends Schema, P extends Schema> {
  method: OperationRecord['method'];
  path: string;
  summary: string;
  tags?: string[];
  body?: B;
  query?: Q;
  params?: P;
  response?: z.ZodType;
  status?: number;
  /** Middleware run before validation (authentication, role checks); marks the operation as secured. */
  guard?: RequestHandler[];
  bodyContentType?: string;
  /** Handlers that stream their own response (files) return undefined and write to res themselves. */
  raw?: boolean;
}

function parse<S extends Schema>(schema: S | undefined, value: unknown, location: 'body' | 'query' | 'params'): Out<S> {
  if (!schema) return undefined as Out<S>;
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(labelIssues(schema, result.error.issues), location);
  return result.data as Out<S>;
}

/** A router that validates with zod, documents itself in OpenAPI, and sends handler results as JSON. */
export class ApiRouter {
  readonly router = Router();

  constructor(
    private readonly registry: OpenApiRegistry,
    private readonly basePath: string,
    private readonly tags: string[],
  ) {}

  /** Mounts the routes under the router's base path. */
  mount(app: Express): void {
    app.use(this.basePath || '/', this.router);
  }

  route<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
    spec: RouteSpec<B, Q, P>,
    handler: (input: RouteInput<B, Q, P>, req: Request, res: Response) => Promise<unknown> | unknown,
  ): this {
    this.registry.add({
      method: spec.method,
      path: this.basePath + spec.path,
      summary: spec.summary,
      tags: spec.tags ?? this.tags,
      auth: Boolean(spec.guard?.length),
      body: spec.body,
      query: spec.query,
      params: spec.params,
      response: spec.response,
      successStatus: spec.status ?? 200,
      bodyContentType: spec.bodyContentType,
    });
    const run = async (req: Request, res: Response, _next: NextFunction) => {
      const input: RouteInput<B, Q, P> = {
        params: parse(spec.params, req.params, 'params'),
        query: parse(spec.query, req.query, 'query'),
        body: parse(spec.body, req.body ?? {}, 'body'),
      };
      const result = await handler(input, req, res);
      if (spec.raw || res.headersSent) return;
      if (result === undefined) res.status(spec.status ?? 204).end();
      else res.status(spec.status ?? 200).json(result);
    };
    this.router[spec.method](spec.path, ...(spec.guard ?? []), run);
    return this;
  }
}
