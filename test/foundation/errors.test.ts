import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../src/app.js';
import { conflict, notFound } from '../../src/http/errors.js';
import { ApiRouter } from '../../src/http/route.js';
import { testAuth, testLog } from '../helpers/db.js';

const app = createApp({
  log: testLog,
  auth: testAuth,
  extend(app, registry) {
    const r = new ApiRouter(registry, '/probe', ['probe'])
      .route(
        {
          method: 'post',
          path: '/echo/:id',
          summary: 'echo',
          params: z.object({ id: z.string().regex(/^\d+$/) }),
          body: z.object({ name: z.string().min(1), quantity: z.number().positive() }),
        },
        ({ body, params }) => ({ ...body, id: params.id }),
      )
      .route({ method: 'get', path: '/missing', summary: 'missing' }, () => {
        throw notFound('需求');
      })
      .route({ method: 'get', path: '/conflict', summary: 'conflict' }, () => {
        throw conflict('状态不允许', { allowed: ['open'] });
      })
      .route({ method: 'get', path: '/boom', summary: 'boom' }, () => {
        throw new Error('secret internals');
      });
    r.mount(app);
  },
});

describe('the error model', () => {
  it('when the body is valid, the handler gets parsed input', async () => {
    const res = await request(app).post('/probe/echo/7').send({ name: '张三', quantity: 2 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ name: '张三', quantity: 2, id: '7' });
  });

  it('when fields are bad, answers 400 listing every zod issue', async () => {
    const res = await request(app).post('/probe/echo/7').send({ name: '', quantity: -1 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.location).toBe('body');
    const paths = res.body.error.issues.map((i: { path: string[] }) => i.path.join('.'));
    expect(paths.sort()).toEqual(['name', 'quantity']);
  });

  it('when a path parameter is bad, answers 400 for params', async () => {
    const res = await request(app).post('/probe/echo/abc').send({ name: 'a', quantity: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.location).toBe('params');
  });

  it('when the JSON is malformed, answers our 400, not the express page', async () => {
    const res = await request(app).post('/probe/echo/7').set('content-type', 'application/json').send('{"name": ');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.body.error.code).toBe('invalid_json');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js/);
  });

  it('maps not found to 404 and conflicts to 409 with details', async () => {
    expect((await request(app).get('/probe/missing')).status).toBe(404);
    const c = await request(app).get('/probe/conflict');
    expect(c.status).toBe(409);
    expect(c.body.error.details).toEqual({ allowed: ['open'] });
  });

  it('when something unexpected throws, answers 500 with a request id and no stack or message', async () => {
    const res = await request(app).get('/probe/boom').set('X-Request-Id', 'trace-12345678');
    expect(res.status).toBe(500);
    expect(res.body.error.requestId).toBe('trace-12345678');
    expect(JSON.stringify(res.body)).not.toContain('secret internals');
    expect(JSON.stringify(res.body)).not.toContain('stack');
  });

  it('answers unknown routes with a 404 in the same model', async () => {
    const res = await request(app).get('/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('route_not_found');
  });

  it('documents the routes in an OpenAPI 3.1 document generated from the zod schemas', async () => {
    const res = await request(app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const op = res.body.paths['/probe/echo/{id}'].post;
    expect(op.requestBody.content['application/json'].schema.required).toEqual(['name', 'quantity']);
    expect(op.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
    expect(res.body.paths['/healthz'].get).toBeDefined();
  });
});
