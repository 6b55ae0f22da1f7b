import { z } from 'zod';

/** Need statuses (open → matching → assigned → in_progress → fulfilled; closed; cancelled). */
export const NeedStatusSchema = z.enum(['open', 'matching', 'assigned', 'in_progress', 'fulfilled', 'closed', 'cancelled']);
export type NeedStatus = z.infer<typeof NeedStatusSchema>;

/** Allowed moves from each status. Cancelled is final; a closed need may be reopened. */
export const TRANSITIONS: Readonly<Record<NeedStatus, readonly NeedStatus[]>> = {
  open: ['matching', 'assigned', 'closed', 'cancelled'],
  matching: ['open', 'assigned', 'closed', 'cancelled'],
  assigned: ['in_progress', 'matching', 'open', 'cancelled'],
  in_progress: ['fulfilled', 'assigned', 'cancelled'],
  fulfilled: ['closed', 'in_progress'],
  closed: ['open'],
  cancelled: [],
};

/** Statuses a need may move to from `from`. */
export function allowedFrom(from: NeedStatus): readonly NeedStatus[] {
  return TRANSITIONS[from];
}

/** Whether fields of a need in this status may still be edited. */
export function isEditable(status: NeedStatus): boolean {
  return status === 'open' || status === 'matching' || status === 'assigned' || status === 'in_progress';
}

/** Statuses with work left: what re-matching and boards look at. */
export const ACTIVE_STATUSES: readonly NeedStatus[] = ['open', 'matching', 'assigned', 'in_progress'];

/** Chinese names of statuses, for messages. */
export const STATUS_NAMES: Readonly<Record<NeedStatus, string>> = {
  open: '待匹配',
  matching: '匹配中',
  assigned: '已指派',
  in_progress: '服务中',
  fulfilled: '已完成',
  closed: '已关闭',
  cancelled: '已取消',
};
