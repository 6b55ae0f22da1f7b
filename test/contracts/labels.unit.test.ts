import { describe, expect, it } from 'vitest';
import { defaultTaxonomy } from '../../matchers/index.js';
import { ASSIGNMENT_STATUS_LABELS as SERVER_ASSIGNMENT_LABELS } from '../../src/assignments/lifecycle.js';
import {
  ASSIGNMENT_STATUSES,
  ASSIGNMENT_STATUS_LABELS,
  CATEGORY_LABELS,
  EVENT_TYPES,
  NEED_SOURCES,
  NEED_STATUSES,
  NEED_STATUS_LABELS,
  URGENCIES,
  URGENCY_RANK,
} from '../../src/contracts/index.js';
import { EventTypeSchema } from '../../src/events/types.js';
import { NeedStatusSchema, STATUS_NAMES } from '../../src/needs/lifecycle.js';
import { NeedSourceSchema, URGENCY_RANK as SERVER_URGENCY_RANK, UrgencySchema } from '../../src/needs/schema.js';

// The contracts are a hand-kept, dependency-free copy (the console must not bundle zod or the engine);
// these checks fail as soon as the copy and the server's own definitions drift apart.
describe('shared contracts agree with the server', () => {
  it('need and assignment status codes and labels', () => {
    expect([...NEED_STATUSES]).toEqual(NeedStatusSchema.options);
    expect(NEED_STATUS_LABELS).toEqual(STATUS_NAMES);
    expect(Object.keys(SERVER_ASSIGNMENT_LABELS).sort()).toEqual([...ASSIGNMENT_STATUSES].sort());
    expect(ASSIGNMENT_STATUS_LABELS).toEqual(SERVER_ASSIGNMENT_LABELS);
  });

  it('urgency and need source codes', () => {
    expect([...URGENCIES]).toEqual(UrgencySchema.options);
    expect(URGENCY_RANK).toEqual(SERVER_URGENCY_RANK);
    expect([...NEED_SOURCES]).toEqual(NeedSourceSchema.options);
  });

  it('category labels are the taxonomy names', () => {
    expect(CATEGORY_LABELS).toEqual(Object.fromEntries(defaultTaxonomy.categories.map((c) => [c.code, c.name])));
  });

  it('event names', () => {
    expect(EventTypeSchema.options).toEqual([...EVENT_TYPES]);
  });
});
