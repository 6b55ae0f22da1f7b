import type { z } from 'zod';
import { ValidationError } from './errors.js';

/** A 400 in the same shape as a schema failure, for checks zod cannot make alone (ownership, references). */
export function fieldError(field: string, message: string, location: 'body' | 'query' | 'params' = 'body'): ValidationError {
  const issue = { code: 'custom', path: field.split('.'), message, input: undefined } as unknown as z.core.$ZodIssue;
  return new ValidationError([issue], location);
}
