import { live } from '../live';
import type { WireEvent } from '../types';

/**
 * Calls `refresh` (debounced) after live events that `wanted` accepts and after every reconnect,
 * so a page shows what changed without a reload. Returns the unsubscribe function.
 */
export function onLiveChange(
  refresh: (events: WireEvent[]) => void,
  wanted: (e: WireEvent) => boolean = () => true,
  delayMs = 120,
): () => void {
  let timer: number | undefined;
  let batch: WireEvent[] = [];
  const kick = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      const events = batch;
      batch = [];
      refresh(events);
    }, delayMs);
  };
  const offEvent = live.on((e) => {
    if (!wanted(e)) return;
    batch.push(e);
    kick();
  });
  const offReady = live.onReady(kick);
  return () => {
    window.clearTimeout(timer);
    offEvent();
    offReady();
  };
}
