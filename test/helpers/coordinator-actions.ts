import type { Express } from 'express';
import request from 'supertest';
import { needBody, postHousehold } from '../community/build.js';
import type { SignedIn } from './factories.js';
import type { BuiltVolunteer } from './supply-factories.js';

/**
 * A coordinator's requests the workflow tests make again and again: a need for a new household, an
 * assignment, and what a need and its assignments look like afterwards. Takes accessors because the
 * server and the coordinator are made in `beforeAll`.
 */
export function coordinatorActions(app: () => Express, coordinator: () => SignedIn, household: { headName: string; phone: string }) {
  return {
    async newNeed(overrides: Record<string, unknown> = {}): Promise<string> {
      const householdId = await postHousehold(app(), coordinator(), household);
      const res = await request(app())
        .post('/api/needs')
        .set(coordinator().auth)
        .send(needBody({ householdId, ...overrides }));
      if (res.status !== 201) throw new Error(`need: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    },
    assign: (needId: string, volunteer: BuiltVolunteer) =>
      request(app())
        .post('/api/assignments')
        .set(coordinator().auth)
        .send({ needId, candidate: { kind: 'volunteer', id: volunteer.id } }),
    needStatus: async (needId: string) => (await request(app()).get(`/api/needs/${needId}`).set(coordinator().auth)).body.status,
    assignmentsOf: async (needId: string) =>
      (await request(app()).get('/api/assignments').query({ needId }).set(coordinator().auth)).body as Array<{ status: string }>,
  };
}
