import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { testAuth, testLog } from '../helpers/db.js';

const app = createApp({ log: testLog, auth: testAuth });

describe('community endpoints in the OpenAPI document', () => {
  it('documents every households, needs, surveys and imports operation, the file upload as octet-stream', async () => {
    const doc = (await request(app).get('/api/openapi.json')).body;
    const ops = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(ops).toEqual(
      expect.arrayContaining([
        'POST /api/households/',
        'GET /api/households/{id}',
        'PATCH /api/households/{id}',
        'DELETE /api/households/{id}',
        'GET /api/needs/',
        'POST /api/needs/{id}/transitions',
        'PUT /api/surveys/templates/{id}/column-mapping',
        'POST /api/surveys/responses',
        'POST /api/imports/',
        'POST /api/imports/{id}/dry-run',
        'POST /api/imports/{id}/commit',
        'GET /api/imports/{id}',
      ]),
    );
    expect(Object.keys(doc.paths['/api/imports/'].post.requestBody.content)).toEqual(['application/octet-stream']);
    const urgency = doc.paths['/api/needs/'].post.requestBody.content['application/json'].schema.properties.urgency;
    expect(urgency.enum).toEqual(['low', 'normal', 'high', 'critical']);
  });
});
