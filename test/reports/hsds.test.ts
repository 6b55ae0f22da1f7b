import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { uuidOf } from '../../src/interop/hsds.js';
import { formatYuan } from '../../src/interop/value.js';
import { monthOf } from '../../src/shared/china-time.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildAdmin, buildCoordinator, buildStations, type SignedIn } from '../helpers/factories.js';
import { buildCharity, buildOrganisation, buildResource } from '../helpers/supply-factories.js';

// A copy of the HSDS 3.0 schemas (Open Referral, CC BY-SA 4.0; see hsds-3.0/LICENSE), so the test runs anywhere.
const schemaDir = path.resolve(import.meta.dirname, 'hsds-3.0/schema');

/** Ajv with every shipped HSDS schema registered under its file name, so `$ref: "phone.json"` resolves. */
function hsdsValidator(): Ajv.Ajv {
  const ajv = new Ajv({ allErrors: true, format: 'full' });
  for (const f of readdirSync(schemaDir).filter(
    (n) => n.endsWith('.json') && !['openapi.json', 'compiled_service_with_definitions.json'].includes(n),
  )) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(schemaDir, f), 'utf8')), f);
  }
  return ajv;
}

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
const month = monthOf(new Date());
let admin: SignedIn;
let coordinator: SignedIn;

beforeAll(async () => {
  await buildStations();
  admin = await buildAdmin(app);
  coordinator = await buildCoordinator(app, LINZE.shahe);
  await buildOrganisation(app, { approver: coordinator });
  await buildOrganisation(app, { approver: coordinator, profile: { coverage: { communityCodes: ['620723101002'] } } });
});

describe('HSDS 3.0 export', () => {
  it('organisations, services and locations validate against the shipped schemas', async () => {
    const res = await request(app).get('/api/interop/hsds').set(admin.auth);
    expect(res.status).toBe(200);
    const { organizations, services, locations } = res.body;
    expect(organizations.length).toBeGreaterThanOrEqual(3 + 2);
    expect(services.length).toBeGreaterThanOrEqual(organizations.length);
    expect(locations.length).toBeGreaterThanOrEqual(3 + 1);
    const ajv = hsdsValidator();
    for (const [schema, rows] of [
      ['organization.json', organizations],
      ['service.json', services],
      ['location.json', locations],
    ] as const) {
      for (const row of rows) {
        const valid = ajv.validate(schema, row);
        expect(valid, `${schema}: ${ajv.errorsText()} in ${JSON.stringify(row)}`).toBe(true);
      }
    }
    // Every reference resolves inside the bundle; ids are stable UUIDs; no contact phone leaves.
    const orgIds = new Set(organizations.map((o: { id: string }) => o.id));
    for (const s of services) expect(orgIds.has(s.organization_id)).toBe(true);
    for (const l of locations) expect(orgIds.has(l.organization_id)).toBe(true);
    expect(orgIds.has(uuidOf(`station:${LINZE.shahe}`))).toBe(true);
    expect(JSON.stringify(res.body)).not.toMatch(/1[3-9]\d{9}/);
    // The validator is not a rubber stamp: a service without a status fails.
    expect(ajv.validate('service.json', { id: services[0].id, name: 'x' })).toBe(false);
    expect(ajv.validate('organization.json', { id: 'not-a-uuid', name: 'x', description: 'y' })).toBe(false);
  });
});

describe('the value of linked resources in yuan', () => {
  it('cash at face value, goods at their stated value, plus the station’s own linked resources: "链接社会资源计11万元"', async () => {
    const charity = await buildCharity(app);
    const cash = await buildResource(app, charity, {
      kind: 'money',
      category: 'financial_aid',
      title: '助学金',
      quantity: { amount: 50000, unit: '元' },
    });
    const rice = await buildResource(app, charity, { title: '米面油', quantity: { amount: 100, unit: '份' } });
    expect((await request(app).put(`/api/interop/resources/${rice.id}/value`).set(charity.auth).send({ valueYuan: 20000 })).status).toBe(
      204,
    );
    for (const [id, amount, needCategory] of [
      [cash.id, 40000, 'financial_aid'],
      [rice.id, 50, 'material_aid'],
    ] as const) {
      const r = await request(app).post(`/api/resources/${id}/allocations`).set(coordinator.auth).send({ amount, needCategory });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const linked = await request(app)
      .post('/api/interop/linked-resources')
      .set(coordinator.auth)
      .send({ stationCode: LINZE.shahe, date: `${month}-01`, donor: '临泽农商银行', title: '敬老物资', valueYuan: 60000 });
    expect(linked.status).toBe(201);
    const total = await request(app).get('/api/interop/linked-value').query({ period: month }).set(admin.auth);
    expect(total.body).toMatchObject({ totalYuan: 110000, text: '链接社会资源计11万元' });
    expect(total.body.stations[0]).toMatchObject({ stationCode: LINZE.shahe, fromAllocations: 50000, fromLinked: 60000 });
    // And the monthly report carries it as a row.
    const report = await request(app).get('/api/exports/reports').query({ period: month, stationCode: LINZE.shahe }).set(admin.auth);
    expect(report.body.rows.find((r: { id: string }) => r.id === 'resources.linkedValue')).toMatchObject({ current: 110000, unit: '元' });
    expect(formatYuan(8000)).toBe('8,000元');
    expect(formatYuan(123456)).toBe('12.35万元');
  });
});
