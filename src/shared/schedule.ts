import { z } from 'zod';

/** Local "HH:MM"; "24:00" may end a window that runs to midnight. */
const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, '时间格式应为 HH:MM（00:00–24:00）');

/**
 * A weekly time window, for needs and for volunteers' availability alike: day 0 = Sunday
 * (JavaScript getDay), local times, end strictly after start (windows that only touch do not overlap).
 */
export const WindowSchema = z
  .object({ day: z.number().int().min(0).max(6), start: TimeOfDaySchema, end: TimeOfDaySchema })
  .strict()
  .refine((w) => w.end > w.start, { message: '结束时间必须晚于开始时间', path: ['end'] });
export type Window = z.infer<typeof WindowSchema>;
