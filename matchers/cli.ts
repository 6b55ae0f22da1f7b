/**
 * Offline matcher: `npm run match -- --input cases.json [--top 5]`.
 * Prints only JSON on stdout; invalid input → message on stderr and exit code 2.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { matchInput } from './index.js';

function fail(message: string): never {
  process.stderr.write(`match: ${message}\n`);
  process.exit(2);
}

function main(): void {
  let values: { input?: string; top?: string };
  try {
    ({ values } = parseArgs({ options: { input: { type: 'string', short: 'i' }, top: { type: 'string', short: 't' } } }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (!values.input) fail('usage: npm run match -- --input cases.json [--top 5]');
  const top = values.top === undefined ? 5 : Number(values.top);
  if (!Number.isInteger(top) || top < 1) fail('--top must be a positive integer');

  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(values.input, 'utf8'));
  } catch (e) {
    fail(`cannot read JSON from ${values.input}: ${(e as Error).message}`);
  }
  let out;
  try {
    // The CLI is the one place allowed to read the clock, and only when the file gives no `now`.
    out = matchInput(raw, { top, fallbackNow: Date.now() });
  } catch (e) {
    if (e instanceof ZodError) {
      fail(`invalid input:\n${e.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
    }
    fail((e as Error).message);
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

main();
