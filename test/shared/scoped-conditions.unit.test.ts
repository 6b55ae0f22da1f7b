import { describe, expect, it } from 'vitest';
import { satisfies, withinScope } from '../../src/shared/scoped-repository.js';

describe('the in-code checks of a read by _id', () => {
  it('finds a record within its county and station only', () => {
    const doc = { countyCode: '620723', stationCode: '620723101' };
    expect(withinScope(doc, { kind: 'station', countyCode: '620723', stationCode: '620723101' })).toBe(true);
    expect(withinScope(doc, { kind: 'county', countyCode: '620723' })).toBe(true);
    expect(withinScope(doc, { kind: 'station', countyCode: '620723', stationCode: '620723104' })).toBe(false);
    expect(withinScope(doc, { kind: 'county', countyCode: '620702' })).toBe(false);
  });

  it('matches update conditions as a query would: equality, null for missing, $in', () => {
    expect(satisfies({ revision: 3 }, { revision: 3 })).toBe(true);
    expect(satisfies({ revision: 3 }, { revision: 2 })).toBe(false);
    expect(satisfies({}, { revision: { $in: [0, null] } })).toBe(true);
    expect(satisfies({ revision: 0 }, { revision: { $in: [0, null] } })).toBe(true);
    expect(satisfies({ revision: 1 }, { revision: { $in: [0, null] } })).toBe(false);
    expect(satisfies({}, { archivedAt: null })).toBe(true);
    expect(satisfies({ archivedAt: new Date() }, { archivedAt: null })).toBe(false);
    expect(satisfies({ status: 'open' }, { status: 'open', revision: null })).toBe(true);
    expect(satisfies({ revision: 0 }, { revision: null })).toBe(false);
    expect(satisfies({ status: 'pending' }, { status: { $ne: 'rejected' } })).toBe(true);
    expect(satisfies({ status: 'rejected' }, { status: { $ne: 'rejected' } })).toBe(false);
    expect(satisfies({}, { status: { $nin: ['a', 'b'] } })).toBe(true);
    expect(satisfies({ status: 'a' }, { status: { $nin: ['a', 'b'] } })).toBe(false);
    expect(() => satisfies({ n: 1 }, { n: { $gt: 0 } })).toThrow(/not supported/);
  });
});
