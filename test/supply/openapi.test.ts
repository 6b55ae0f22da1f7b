import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { testAuth, testLog } from '../helpers/db.js';

const app = createApp({ log: testLog, auth: testAuth });

describe('supply endpoints in the OpenAPI document', () => {
  it('documents every volunteer, organisation, resource and charity endpoint with its schemas', async () => {
    const res = await request(app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, { requestBody?: unknown }>>;
    for (const [path, method] of [
      ['/api/volunteers/register', 'post'],
      ['/api/volunteers/me', 'patch'],
      ['/api/volunteers/{id}/approve', 'post'],
      ['/api/volunteers/hours/summary', 'get'],
      ['/api/organisations/register', 'post'],
      ['/api/organisations/{id}/approve', 'post'],
      ['/api/resources/', 'post'],
      ['/api/resources/{id}/allocations', 'post'],
      ['/api/resources/{id}/allocations', 'get'],
      ['/api/charities/', 'post'],
    ] as const) {
      expect(paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    expect(JSON.stringify(paths['/api/resources/']!.post!.requestBody)).toContain('quantity');
  });
});
