import { subjectScopeOf, type Actor } from '../auth/actor.js';
import type { Auth } from '../auth/service.js';
import { notFound } from '../http/errors.js';
import { registerAccount } from '../supply/register-account.js';
import type { CharityDoc } from './model.js';
import { charities } from './repository.js';

export type { CharityDoc } from './model.js';

/** Kinds of donors the product distinguishes. */
export const CHARITY_TYPES = ['慈善组织', '爱心企业', '基金会', '其他'] as const;

/**
 * Creates a charity and its sign-in account (username = contact phone) in a county, through the
 * one registration path. Charities are created by the county admin, not self-registered: no event.
 */
export function createCharity(props: {
  auth: Auth;
  countyCode: string;
  input: { name: string; type: string; description?: string; contactName?: string; contactPhone: string; password: string };
}): Promise<CharityDoc> {
  const { auth, countyCode, input } = props;
  return registerAccount({
    auth,
    account: { role: 'charity', phone: input.contactPhone, password: input.password, displayName: input.name, countyCode },
    store: {
      insert: (_id) =>
        charities.insertProfile({
          _id,
          countyCode,
          name: input.name,
          type: input.type,
          description: input.description ?? '',
          contactName: input.contactName,
          contactPhone: input.contactPhone,
        }),
      remove: (id) => charities.removeProfile(id),
      link: (id, userId) => charities.linkAccount(id, userId),
    },
  });
}

/** The charity an account speaks for, or 404. */
export function charityOf(actor: Actor): Promise<CharityDoc> {
  const subject = subjectScopeOf(actor);
  if (!subject || subject.kind !== 'charity') throw notFound('慈善组织');
  return charities.getOwn(subject);
}
