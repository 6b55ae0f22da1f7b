import { h } from '../../dom';
import { fmtDate } from '../../format';
import { EVENT_TEXT } from '../../labels';
import { subjectOf } from '../../live-events';
import type { WireEvent } from '../../types';

/** How many lines the feed keeps. */
const KEEP = 30;

/** The live activity feed: newest first, one line per event. */
export function activityFeed(): { el: HTMLElement; add(events: WireEvent[]): void } {
  const el = h('ol', { class: 'feed', 'aria-live': 'polite' });
  return {
    el,
    add(events) {
      for (const e of events) {
        const what = subjectOf(e);
        el.prepend(
          h(
            'li',
            { 'data-event': e.type },
            h('time', null, fmtDate(e.at).slice(11)),
            ' ',
            EVENT_TEXT[e.type] ?? e.type,
            what ? `：${what}` : '',
          ),
        );
      }
      while (el.children.length > KEEP) el.lastElementChild?.remove();
    },
  };
}
