import { z } from 'zod';

/**
 * How many days back a visit may be recorded (VISIT_BACKDATE_DAYS, default 7): social workers write
 * up field visits when back at the station, but a month-old entry is not a record of a visit.
 */
export const VISIT_BACKDATE_DAYS: number = z.coerce
  .number()
  .int()
  .min(0)
  .max(60)
  .default(7)
  .parse(process.env.VISIT_BACKDATE_DAYS ?? undefined);
