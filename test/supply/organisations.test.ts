import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { AuditModel } from '../../src/audit/model.js';
import { releaseOrganisationCapacity, takeOrganisationCapacity } from '../../src/organisations/capacity.js';
import { loadCandidatePool } from '../../src/supply/pool.js';
import { testAuth, testLog, useTestDatabase } from '../helpers/db.js';
import { LINZE, buildCoordinator, buildStations } from '../helpers/factories.js';
import { buildOrganisation } from '../helpers/supply-factories.js';

useTestDatabase();
const app = createApp({ log: testLog, auth: testAuth });
beforeAll(buildStations);

describe('organisations', () => {
  it('a registered organisation is pending, enters the pool once its station approves it, and the pool shows no contact data', async () => {
    const org = await buildOrganisation(app, {
      stationCode: LINZE.pingchuan,
      approved: false,
      profile: { coverage: { communityCodes: ['620723104201', '620723104204'] } },
    });
    expect((await loadCandidatePool(LINZE.county)).organisations.map((o) => o.id)).not.toContain(org.id);
    const other = await buildCoordinator(app, LINZE.shahe);
    expect((await request(app).post(`/api/organisations/${org.id}/approve`).set(other.auth).send({})).status).toBe(404);
    const own = await buildCoordinator(app, LINZE.pingchuan);
    expect((await request(app).post(`/api/organisations/${org.id}/approve`).set(own.auth).send({})).status).toBe(200);
    const pooled = (await loadCandidatePool(LINZE.county)).organisations.find((o) => o.id === org.id);
    expect(pooled).toEqual({
      id: org.id,
      name: expect.stringContaining('测试社工机构'),
      type: '社工机构',
      categories: ['visiting', 'emotional'],
      description: '专业社工上门探访',
      coverage: { communityCodes: ['620723104201', '620723104204'] },
      capacityPerMonth: 20,
      usedThisMonth: 0,
    });
  });

  it("an organisation edits only its own profile; another's answers 404", async () => {
    const a = await buildOrganisation(app);
    const b = await buildOrganisation(app);
    expect((await request(app).patch(`/api/organisations/${b.id}`).set(a.auth).send({ description: '冒名' })).status).toBe(404);
    expect((await request(app).get(`/api/organisations/${b.id}`).set(a.auth)).status).toBe(404);
    const me = await request(app)
      .patch('/api/organisations/me')
      .set(a.auth)
      .send({ categories: ['legal_aid'], capacityPerMonth: 5 });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ categories: ['legal_aid'], capacityPerMonth: 5, contactPhone: a.phone });
  });

  it('coverage naming communities of another county is refused with the field named', async () => {
    const a = await buildOrganisation(app);
    const res = await request(app)
      .patch('/api/organisations/me')
      .set(a.auth)
      .send({ coverage: { communityCodes: ['140106001001'] } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.field).toBe('coverage.communityCodes');
  });

  it('lists mask the contact phone; the detail shows it to the station coordinator and audits the read', async () => {
    const org = await buildOrganisation(app, { stationCode: LINZE.yanuan });
    const c = await buildCoordinator(app, LINZE.yanuan);
    const list = await request(app).get('/api/organisations').query({ q: '探访' }).set(c.auth);
    const row = list.body.items.find((i: { id: string }) => i.id === org.id);
    expect(row.contactPhone).toBe(`${org.phone.slice(0, 3)}****${org.phone.slice(-4)}`);
    const detail = await request(app).get(`/api/organisations/${org.id}`).set(c.auth);
    expect(detail.body.contactPhone).toBe(org.phone);
    expect(await AuditModel.countDocuments({ entity: 'organisation', entityId: org.id, actorId: c.userId })).toBe(1);
  });

  it('when 30 referrals race for a month with 3 left, exactly 3 are taken; a new month starts from zero', async () => {
    const org = await buildOrganisation(app, { profile: { capacityPerMonth: 3 } });
    const results = await Promise.all(Array.from({ length: 30 }, () => takeOrganisationCapacity(org.id, '2026-11')));
    expect(results.filter(Boolean)).toHaveLength(3);
    expect(await takeOrganisationCapacity(org.id, '2026-11')).toBeNull();
    expect((await takeOrganisationCapacity(org.id, '2026-12'))?.usedThisMonth).toBe(1);
    const nov = await loadCandidatePool(LINZE.county, new Date('2026-11-15T12:00:00+08:00'));
    expect(nov.organisations.find((o) => o.id === org.id)?.usedThisMonth).toBe(3);
    expect((await releaseOrganisationCapacity(org.id, '2026-11'))?.usedThisMonth).toBe(2);
    expect(await takeOrganisationCapacity(org.id, '2026-11')).not.toBeNull();
  });

  it('a month with 20 referrals (more than one read of slots) fills exactly, racing included; a released one is found again', async () => {
    const org = await buildOrganisation(app, { profile: { capacityPerMonth: 20 } });
    const results = await Promise.all(Array.from({ length: 30 }, () => takeOrganisationCapacity(org.id, '2026-10')));
    expect(results.filter(Boolean)).toHaveLength(20);
    expect(await takeOrganisationCapacity(org.id, '2026-10')).toBeNull();
    expect((await releaseOrganisationCapacity(org.id, '2026-10'))?.usedThisMonth).toBe(19);
    expect((await takeOrganisationCapacity(org.id, '2026-10'))?.usedThisMonth).toBe(20);
    expect(await takeOrganisationCapacity(org.id, '2026-10')).toBeNull();
  });

  it('an unapproved organisation has no capacity to take', async () => {
    const org = await buildOrganisation(app, { approved: false });
    expect(await takeOrganisationCapacity(org.id, '2026-11')).toBeNull();
  });
});
