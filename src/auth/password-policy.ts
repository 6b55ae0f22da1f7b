import { z } from 'zod';

/**
 * Passwords guessed first by anyone trying accounts (the most common of the leaked lists, Chinese
 * sites included). Compared case-insensitively after removing spaces.
 */
const COMMON_PASSWORDS = new Set([
  '12345678',
  '123456789',
  '1234567890',
  '87654321',
  '11111111',
  '88888888',
  '66666666',
  '00000000',
  '11223344',
  '12341234',
  '123123123',
  '147258369',
  '1qaz2wsx',
  '1q2w3e4r',
  'qwertyui',
  'qwerty123',
  'qwe123456',
  'asdfghjk',
  'abcd1234',
  'abc12345',
  'abc123456',
  'a1234567',
  'a12345678',
  'aa123456',
  'password',
  'password1',
  'password123',
  'passw0rd',
  'p@ssw0rd',
  'iloveyou',
  'woaini1314',
  '5201314520',
  'admin123',
  'admin1234',
  'administrator',
  'welcome1',
  'changeme',
  'letmein1',
  'sunshine',
  'football',
  'baseball',
  'superman',
  'zxcvbnm1',
  'zxcvbnm123',
]);

export const PASSWORD_MIN_LENGTH = 8;

/** The people a password must not repeat: the login name and the phone number. */
export interface PasswordOwner {
  username?: string;
  phone?: string;
}

const folded = (s: string) => s.replace(/\s/gu, '').toLowerCase();

/** Problems of a password for an owner, in Chinese; empty when acceptable. */
export function passwordProblems(password: string, owner: PasswordOwner = {}): string[] {
  const problems: string[] = [];
  const p = folded(password);
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push(`密码至少 ${PASSWORD_MIN_LENGTH} 位`);
  if (COMMON_PASSWORDS.has(p) || /^(.)\1+$/u.test(p)) problems.push('密码过于常见，请换一个不易被猜到的密码');
  for (const [label, value] of [
    ['账号', owner.username],
    ['手机号', owner.phone],
  ] as const) {
    // Short names are not checked as substrings: "li" inside a strong password is no weakness.
    const v = value ? folded(value) : '';
    if (v.length >= 3 && p.includes(v)) problems.push(`密码不能包含${label}`);
  }
  return problems;
}

/** A password alone (length and common passwords); the owner checks need the other fields, see `withPasswordPolicy`. */
export const PasswordSchema = z
  .string({ message: '密码不能为空' })
  .max(200, '密码不能超过 200 位')
  .superRefine((password, ctx) => {
    for (const message of passwordProblems(password)) ctx.addIssue({ code: 'custom', message });
  })
  .describe(`密码：至少 ${PASSWORD_MIN_LENGTH} 位，不能是常见密码，不能包含账号或手机号`);

/**
 * Adds the password policy to an object schema: the `password` field is checked against the
 * object's own username and phone fields (named by the caller), each issue on `password`.
 */
export function withPasswordPolicy<S extends z.ZodType<{ password: string } & Record<string, unknown>>>(
  schema: S,
  owner: { username?: string; phone?: string } = { username: 'username', phone: 'phone' },
) {
  return schema.superRefine((value, ctx) => {
    const read = (field?: string) => (field && typeof value[field] === 'string' ? (value[field] as string) : undefined);
    for (const message of passwordProblems(value.password, { username: read(owner.username), phone: read(owner.phone) })) {
      // Length and common-password issues come from PasswordSchema when the field uses it; here only the owner checks add.
      if (message.startsWith('密码不能包含')) ctx.addIssue({ code: 'custom', path: ['password'], message });
    }
  });
}
