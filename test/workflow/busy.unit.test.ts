import { describe, expect, it } from 'vitest';
import { expectedNeedStatus } from '../../src/assignments/repair.js';
import type { AssignmentDoc } from '../../src/assignments/model.js';
import { DatabaseBusyError, isBusyError, withBusyRetry } from '../../src/db/busy.js';

const busy = () => Object.assign(new Error('(SQLITE_BUSY) database is locked (5)'), { code: 1 });

describe('busy database errors', () => {
  it('recognises SQLITE_BUSY / "database is locked", also wrapped as a cause, and nothing else', () => {
    expect(isBusyError(busy())).toBe(true);
    expect(isBusyError(new Error('write failed', { cause: { errmsg: 'database is locked' } }))).toBe(true);
    expect(isBusyError(new DatabaseBusyError())).toBe(true);
    expect(isBusyError(Object.assign(new Error('E11000 duplicate key'), { code: 11000 }))).toBe(false);
    expect(isBusyError(undefined)).toBe(false);
  });

  it('retries a busy write and returns its result', async () => {
    let calls = 0;
    const result = await withBusyRetry(
      async () => {
        calls++;
        if (calls < 3) throw busy();
        return 'written';
      },
      { baseMs: 1 },
    );
    expect(result).toBe('written');
    expect(calls).toBe(3);
  });

  it('gives up after the bounded attempts with a 503 that says to retry', async () => {
    let calls = 0;
    const failing = withBusyRetry(
      async () => {
        calls++;
        throw busy();
      },
      { attempts: 4, baseMs: 1 },
    );
    await expect(failing).rejects.toMatchObject({ status: 503, code: 'database_busy', retryAfterSeconds: 2 });
    await expect(failing).rejects.toBeInstanceOf(DatabaseBusyError);
    expect(calls).toBe(4);
  });

  it('passes any other error through at once', async () => {
    let calls = 0;
    const failing = withBusyRetry(async () => {
      calls++;
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(calls).toBe(1);
  });
});

describe('what a need status should be, given its assignments', () => {
  const live = (status: AssignmentDoc['status']) => [{ status } as AssignmentDoc];
  it('assigned or in progress without a live assignment goes back to matching, or is fulfilled if one completed', () => {
    expect(expectedNeedStatus('assigned', [], false)).toBe('matching');
    expect(expectedNeedStatus('in_progress', [], false)).toBe('matching');
    expect(expectedNeedStatus('in_progress', [], true)).toBe('fulfilled');
  });
  it('open or matching with a live assignment is assigned (in progress when service started)', () => {
    expect(expectedNeedStatus('open', live('pending'), false)).toBe('assigned');
    expect(expectedNeedStatus('matching', live('in_progress'), false)).toBe('in_progress');
    expect(expectedNeedStatus('assigned', live('in_progress'), false)).toBe('in_progress');
  });
  it('leaves consistent needs alone', () => {
    expect(expectedNeedStatus('assigned', live('pending'), false)).toBeNull();
    expect(expectedNeedStatus('open', [], false)).toBeNull();
    expect(expectedNeedStatus('fulfilled', [], true)).toBeNull();
  });
});
