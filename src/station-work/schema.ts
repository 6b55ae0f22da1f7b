import { z } from 'zod';

export const ObjectIdSchema = z.string().regex(/^[a-f0-9]{24}$/i, '编号格式不正确');
export const IdParams = z.object({ id: ObjectIdSchema });
export const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
export const StationCodeSchema = z.string().regex(/^\d{9}$/, '社工站编码应为 9 位乡镇(街道)代码');
export const PersonNameSchema = z.string().trim().min(1, '姓名不能为空').max(30);
export const PageQuery = z.object({
  stationCode: StationCodeSchema.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
