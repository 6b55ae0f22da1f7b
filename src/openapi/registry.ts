import { z } from 'zod';

/** One documented operation, recorded when its route is defined. */
export interface OperationRecord {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path (":id"); converted to OpenAPI style when the document is built. */
  path: string;
  summary: string;
  tags: string[];
  auth: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  response?: z.ZodType;
  successStatus: number;
  /** Non-JSON request bodies, e.g. file uploads. */
  bodyContentType?: string;
}

/** Collects operations from every router so /api/openapi.json is generated from the same zod schemas that validate. */
export class OpenApiRegistry {
  private readonly operations: OperationRecord[] = [];
  private cached: object | undefined;

  add(op: OperationRecord): void {
    this.operations.push(op);
    this.cached = undefined;
  }

  /** Builds (once) the OpenAPI 3.1 document; JSON Schema 2020-12 is what 3.1 speaks. */
  document(info: { title: string; version: string }): object {
    this.cached ??= buildDocument(this.operations, info);
    return this.cached;
  }
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

function parametersOf(schema: z.ZodType | undefined, where: 'query' | 'path') {
  if (!schema) return [];
  const js = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    schema: s,
  }));
}

const errorResponse = {
  description: '错误（统一错误模型）',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};

function buildDocument(ops: OperationRecord[], info: { title: string; version: string }): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) {
    const path = op.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const content = op.bodyContentType ?? 'application/json';
    paths[path] ??= {};
    paths[path][op.method] = {
      summary: op.summary,
      tags: op.tags,
      ...(op.auth ? { security: [{ bearer: [] }] } : {}),
      parameters: [...parametersOf(op.params, 'path'), ...parametersOf(op.query, 'query')],
      ...(op.body ? { requestBody: { required: true, content: { [content]: { schema: jsonSchema(op.body, 'input') } } } } : {}),
      responses: {
        [String(op.successStatus)]: {
          description: 'OK',
          ...(op.response ? { content: { 'application/json': { schema: jsonSchema(op.response, 'output') } } } : {}),
        },
        '4XX': errorResponse,
        '500': errorResponse,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'requestId'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string', description: '给人看的中文说明' },
                requestId: { type: 'string' },
                issues: { type: 'array', items: { type: 'object' }, description: 'zod issues' },
                details: { type: 'object' },
              },
            },
          },
        },
      },
    },
  };
}
