import { h } from '../../dom';

const STEPS = ['上传文件', '对应列', '试导入', '正式导入'];

/** The wizard's step list; `show(i)` marks step i as the current one. */
export function wizardSteps(): { el: HTMLElement; show(i: number): void } {
  const el = h(
    'ol',
    { class: 'steps' },
    STEPS.map((s) => h('li', null, s)),
  );
  return {
    el,
    show: (i) => Array.from(el.children).forEach((li, k) => li.setAttribute('aria-current', k === i ? 'step' : 'false')),
  };
}
