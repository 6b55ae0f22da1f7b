import { z } from 'zod';

/** A WGS84 point. */
export const LocationSchema = z
  .object({
    lat: z.number().min(-90).max(90).describe('纬度'),
    lng: z.number().min(-180).max(180).describe('经度'),
  })
  .strict();
export type Location = z.infer<typeof LocationSchema>;
