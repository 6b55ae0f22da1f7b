import { describe, expect, it } from 'vitest';
import { passwordProblems, PasswordSchema } from '../../src/auth/password-policy.js';
import { Throttle, TooManyRequestsError } from '../../src/auth/throttle.js';
import { redactUrl } from '../../src/http/context.js';

describe('password policy', () => {
  it.each([
    ['12345678', '常见'],
    ['password', '常见'],
    ['PassWord', '常见'],
    ['aaaaaaaa', '常见'],
    ['abc', '至少 8 位'],
  ])('refuses %s (%s)', (password, problem) => {
    expect(passwordProblems(password).join()).toContain(problem);
    expect(PasswordSchema.safeParse(password).success).toBe(false);
  });

  it('refuses a password equal to or containing the username or the phone, naming which', () => {
    expect(passwordProblems('wangfang', { username: 'wangfang' })).toContain('密码不能包含账号');
    expect(passwordProblems('Wangfang2024', { username: 'wangfang' })).toContain('密码不能包含账号');
    expect(passwordProblems('x13912345678', { phone: '13912345678' })).toContain('密码不能包含手机号');
  });

  it('accepts a decent password', () => {
    expect(passwordProblems('河边的柳树2024', { username: '13912345678' })).toEqual([]);
    expect(passwordProblems('pass-word-123', { username: 'coordinator-1a2b' })).toEqual([]);
  });
});

describe('throttle (memory store)', () => {
  it('locks an account after the free failures, with a growing lock, and lift clears it', async () => {
    const t = new Throttle({ accountFreeFailures: 3, addressFreeFailures: 100, firstLockSeconds: 10 });
    for (let i = 0; i < 2; i++) await t.failed('zhang', `1.1.1.${i}`);
    await expect(t.assertMaySignIn('zhang', '9.9.9.9')).resolves.toBeUndefined();
    await t.failed('zhang', '1.1.1.3');
    const first = await t.assertMaySignIn('ZHANG ', '9.9.9.9').catch((e: unknown) => e);
    expect(first).toBeInstanceOf(TooManyRequestsError);
    expect((first as TooManyRequestsError).retryAfterSeconds).toBeLessThanOrEqual(10);
    await t.failed('zhang', '1.1.1.4');
    const second = (await t.assertMaySignIn('zhang', '9.9.9.9').catch((e: unknown) => e)) as TooManyRequestsError;
    expect(second.retryAfterSeconds).toBeGreaterThan(10);
    expect(await t.lift('zhang')).toBe(true);
    await expect(t.assertMaySignIn('zhang', '9.9.9.9')).resolves.toBeUndefined();
  });

  it('counts registrations per address', async () => {
    const t = new Throttle({ registrationsPerAddressPerHour: 2 });
    await t.registration('2.2.2.2');
    await t.registration('2.2.2.2');
    await expect(t.registration('2.2.2.2')).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect(t.registration('3.3.3.3')).resolves.toBeUndefined();
  });
});

describe('logged URLs', () => {
  it('redact search values, also encoded keys and array forms', () => {
    expect(redactUrl('/api/needs?%71=%E9%AB%98&status=open')).toBe('/api/needs?%71=[redacted]&status=open');
    expect(redactUrl('/api/x?name[]=a&name[]=b')).toBe('/api/x?name[]=[redacted]&name[]=[redacted]');
  });
});
