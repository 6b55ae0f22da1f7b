import { api, messageOf } from '../api';
import { onLiveChange } from '../components/live-refresh';
import { notice } from '../components/notice';
import { problemsTable } from '../components/problems-table';
import { progressBar } from '../components/progress';
import { h, mount, options } from '../dom';
import type { PageContext, PageView } from '../router';
import type { DryRun, ImportJob, Station, SurveyTemplate } from '../types';

const STEPS = ['上传文件', '对应列', '试导入', '正式导入'];

/** Import wizard: upload CSV/XLSX → map columns (remembered per template) → dry run → commit with progress. */
export function importPage(ctx: PageContext): PageView {
  const msg = notice();
  const body = h('div', { class: 'wizard-body' });
  const steps = h(
    'ol',
    { class: 'steps' },
    STEPS.map((s) => h('li', null, s)),
  );
  let templates: SurveyTemplate[] = [];
  let stations: Station[] = [];
  let job: ImportJob | null = null;
  let disposed = false;
  let pollTimer: number | undefined;

  const step = (i: number) => Array.from(steps.children).forEach((li, k) => li.setAttribute('aria-current', k === i ? 'step' : 'false'));
  const templateOf = (id: string) => templates.find((t) => t.id === id);

  function upload(): void {
    step(0);
    const file = h('input', {
      type: 'file',
      name: 'file',
      accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      required: true,
      'aria-label': '问卷导出文件',
    });
    const template = h('select', { name: 'template', 'aria-label': '调查模板' }, options(templates.map((t) => [t.id, t.name])));
    const station = h(
      'select',
      { name: 'station', 'aria-label': '导入到社工站' },
      options([['', '按“所在镇”列自动分配'], ...stations.map((x): [string, string] => [x.code, x.name])]),
    );
    const go = h('button', { type: 'submit', class: 'primary' }, '上传');
    mount(
      body,
      h(
        'form',
        {
          class: 'card stack',
          onsubmit: async (e: Event) => {
            e.preventDefault();
            const f = file.files?.[0];
            if (!f) return msg.error('请选择问卷星等平台导出的 CSV 或 XLSX 文件');
            go.disabled = true;
            go.textContent = '正在上传…';
            msg.clear();
            try {
              job = await api<ImportJob>('/api/imports', {
                raw: f,
                query: { filename: f.name, templateId: template.value || undefined, stationCode: station.value || undefined },
              });
              mapping();
            } catch (err) {
              msg.error(messageOf(err));
              go.disabled = false;
              go.textContent = '上传';
            }
          },
        },
        h('p', { class: 'muted small' }, '支持问卷星、腾讯问卷等导出的 CSV（UTF-8 或 GBK）和 XLSX 文件，最大 50 MB。'),
        h('label', null, '调查模板', template),
        ctx.user.role === 'admin' ? h('label', null, '导入到社工站', station) : null,
        h('label', null, '文件', file),
        go,
      ),
    );
  }

  function mapping(): void {
    step(1);
    const j = job!;
    const t = templateOf(j.templateId);
    const questions = t?.questions ?? Object.keys(j.columnMapping).map((key) => ({ key, label: key, required: false }));
    const selects = questions.map((q) => {
      const s = h(
        'select',
        { name: q.key, 'aria-label': q.label },
        options([['', '（不导入）'], ...j.headers.map((x): [string, string] => [x, x])], j.columnMapping[q.key] ?? ''),
      );
      return { q, s };
    });
    const remember = h('input', { type: 'checkbox', name: 'remember', checked: true });
    const next = h('button', { type: 'submit', class: 'primary' }, '下一步：试导入');
    mount(
      body,
      h(
        'form',
        {
          class: 'card stack',
          onsubmit: async (e: Event) => {
            e.preventDefault();
            next.disabled = true;
            msg.clear();
            const columnMapping = Object.fromEntries(selects.filter(({ s }) => s.value).map(({ q, s }) => [q.key, s.value]));
            try {
              const own = !!t && (t.stationCode !== null || ctx.user.role === 'admin');
              job = await api<ImportJob>(`/api/imports/${j.id}/mapping`, {
                method: 'PUT',
                body: { columnMapping, saveToTemplate: remember.checked && own },
              });
              if (remember.checked && t) await rememberMapping(t, columnMapping, own);
              await dryRun();
            } catch (err) {
              msg.error(messageOf(err));
              next.disabled = false;
            }
          },
        },
        h(
          'p',
          null,
          `文件「${j.filename}」共 ${j.headers.length} 列`,
          j.encoding ? `，编码 ${j.encoding}` : '',
          '。请确认每个题目对应的列：',
        ),
        h(
          'div',
          { class: 'mapping' },
          selects.map(({ q, s }) =>
            h(
              'label',
              { class: 'map-row' },
              h('span', null, q.label, q.required ? h('b', { class: 'req', title: '必填' }, ' *') : null),
              s,
            ),
          ),
        ),
        j.missingColumns.length ? problemsTable(j.missingColumns, j.missingColumns.length) : null,
        h('label', { class: 'check' }, remember, ' 记住此模板的列对应关系（下次自动填好）'),
        next,
      ),
    );
  }

  /**
   * Remembers the mapping on the template. A county-wide template is only editable by the county admin,
   * so a coordinator's mapping goes to the station's own copy (created once), which is preselected next time.
   */
  async function rememberMapping(t: SurveyTemplate, columnMapping: Record<string, string>, own: boolean): Promise<void> {
    if (own) {
      t.columnMapping = columnMapping;
      return;
    }
    const name = `${t.name}（本站）`;
    const copy = templates.find((x) => x.stationCode !== null && x.name === name);
    if (copy) {
      await api<SurveyTemplate>(`/api/surveys/templates/${copy.id}/column-mapping`, { method: 'PUT', body: { columnMapping } });
      copy.columnMapping = columnMapping;
    } else {
      const created = await api<SurveyTemplate>('/api/surveys/templates', {
        body: { name, description: t.description, questions: t.questions, columnMapping },
      });
      templates.unshift(created);
    }
  }

  async function dryRun(): Promise<void> {
    step(2);
    const j = job!;
    mount(body, h('p', { class: 'muted' }, '正在逐行检查…'));
    const r = await api<DryRun>(`/api/imports/${j.id}/dry-run`, { method: 'POST' });
    const commit = h('button', { type: 'button', class: 'primary' }, `正式导入 ${r.validRows} 行`);
    commit.disabled = r.validRows === 0;
    commit.addEventListener('click', () => void start(commit));
    mount(
      body,
      h(
        'div',
        { class: 'card stack', 'data-dry-run': 'done' },
        h(
          'div',
          { class: 'stats' },
          h('div', { class: 'stat' }, h('strong', null, String(r.totalRows)), h('span', null, '总行数')),
          h('div', { class: 'stat', 'data-stat': 'valid' }, h('strong', null, String(r.validRows)), h('span', null, '可导入')),
          h('div', { class: 'stat', 'data-stat': 'invalid' }, h('strong', null, String(r.invalidRows)), h('span', null, '有问题')),
        ),
        h('h2', null, '检查结果'),
        problemsTable(r.problems, r.problemCount),
        h('p', { class: 'muted small' }, '有问题的行不会导入；修改文件后可重新上传，同一行重复导入不会重复创建。'),
        h('div', { class: 'row' }, commit, h('button', { type: 'button', onclick: () => mapping() }, '返回修改对应关系')),
      ),
    );
  }

  async function start(button: HTMLButtonElement): Promise<void> {
    step(3);
    button.disabled = true;
    const bar = progressBar('导入进度');
    const status = h('p', { class: 'small', role: 'status' }, '正在导入…');
    mount(body, h('div', { class: 'card stack' }, h('h2', null, '正在导入'), bar.el, status));
    try {
      job = await api<ImportJob>(`/api/imports/${job!.id}/commit`, { method: 'POST' });
      show(bar, status);
    } catch (err) {
      msg.error(messageOf(err));
    }
  }

  function show(bar: ReturnType<typeof progressBar>, status: HTMLElement): void {
    const j = job!;
    if (status.dataset.done || disposed) return;
    bar.set(j.rowsDone, j.totalRows);
    window.clearTimeout(pollTimer);
    if (j.status === 'completed') {
      onProgress = null;
      bar.set(j.totalRows ?? j.rowsDone, j.totalRows ?? j.rowsDone);
      status.textContent = `导入完成：新建 ${j.counts.householdsCreated} 户、更新 ${j.counts.householdsMatched} 户，新增需求 ${j.counts.needsCreated} 条，未变化 ${j.counts.unchanged} 行，有问题 ${j.counts.invalid} 行。`;
      status.dataset.done = 'true';
      status.after(
        h(
          'div',
          { class: 'row' },
          h('a', { href: '/board', 'data-link': true, class: 'button primary' }, '去看板查看推荐'),
          h('button', { type: 'button', onclick: () => upload() }, '再导入一个文件'),
        ),
      );
      return;
    }
    if (j.status === 'failed') {
      onProgress = null;
      status.dataset.done = 'failed';
      status.textContent = `导入失败：${j.error ?? '未知错误'}`;
      status.className = 'small error';
      return;
    }
    // Poll the job; import.progress events only make the next poll come sooner.
    pollTimer = window.setTimeout(async () => {
      if (disposed) return;
      try {
        job = await api<ImportJob>(`/api/imports/${j.id}`);
        show(bar, status);
      } catch (err) {
        msg.error(messageOf(err));
      }
    }, 700);
    onProgress = () => {
      window.clearTimeout(pollTimer);
      pollTimer = window.setTimeout(() => void api<ImportJob>(`/api/imports/${j.id}`).then((next) => ((job = next), show(bar, status))), 0);
    };
  }

  let onProgress: (() => void) | null = null;
  const off = onLiveChange(
    () => onProgress?.(),
    (e) => e.type === 'import.progress' && e.payload.jobId === job?.id,
    50,
  );

  void Promise.all([
    api<SurveyTemplate[]>('/api/surveys/templates'),
    ctx.user.role === 'admin' ? api<Station[]>('/api/stations') : Promise.resolve([]),
  ])
    .then(([list, stationList]) => {
      stations = stationList.filter((x) => x.active !== false);
      // The station's own templates (with its remembered column mappings) come first.
      templates = [...list.filter((t) => t.stationCode !== null), ...list.filter((t) => t.stationCode === null)];
      upload();
    })
    .catch((err) => msg.error(messageOf(err)));
  mount(body, h('p', { class: 'muted' }, '正在加载模板…'));

  return {
    title: '问卷导入',
    el: h(
      'div',
      { class: 'page narrow' },
      h(
        'div',
        { class: 'page-head' },
        h('h1', null, '问卷导入'),
        h(
          'p',
          { class: 'muted small' },
          `把入户需求调查问卷的导出文件导入${ctx.user.role === 'admin' ? '' : '本站'}的服务对象和需求清单。`,
        ),
      ),
      steps,
      msg.el,
      body,
    ),
    dispose() {
      disposed = true;
      window.clearTimeout(pollTimer);
      off();
    },
  };
}
