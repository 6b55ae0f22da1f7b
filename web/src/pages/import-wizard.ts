import { api, messageOf } from '../api';
import { dryRunResult } from '../components/import/dry-run-result';
import { importProgress, type ImportProgress } from '../components/import/import-progress';
import { mappingForm } from '../components/import/mapping-form';
import { wizardSteps } from '../components/import/steps';
import { rememberMapping } from '../components/import/template-memory';
import { uploadForm } from '../components/import/upload-form';
import { onLiveChange } from '../components/live-refresh';
import { notice } from '../components/notice';
import { h, mount } from '../dom';
import { logFailure } from '../log-failure';
import type { PageContext, PageView } from '../router';
import type { DryRun, ImportJob, Station, SurveyTemplate } from '../types';

/** Import wizard: upload CSV/XLSX → map columns (remembered per template) → dry run → commit with progress. */
export function importPage(ctx: PageContext): PageView {
  const isAdmin = ctx.user.role === 'admin';
  const msg = notice();
  const body = h('div', { class: 'wizard-body' });
  const steps = wizardSteps();
  let templates: SurveyTemplate[] = [];
  let stations: Station[] = [];
  let job: ImportJob | null = null;
  let progress: ImportProgress | null = null;
  /** A mapping to remember once the import is committed with it (never after an abandoned try). */
  let toRemember: { template: SurveyTemplate; columnMapping: Record<string, string>; own: boolean } | null = null;

  function upload(): void {
    steps.show(0);
    mount(
      body,
      uploadForm({
        templates,
        stations,
        pickStation: isAdmin,
        msg,
        onUploaded: (uploaded) => {
          job = uploaded;
          mapping(uploaded);
        },
      }),
    );
  }

  function mapping(j: ImportJob): void {
    steps.show(1);
    const t = templates.find((x) => x.id === j.templateId);
    mount(
      body,
      mappingForm({
        job: j,
        template: t,
        msg,
        async submit(columnMapping, remember) {
          const own = !!t && (t.stationCode !== null || isAdmin);
          const mapped = await api<ImportJob>(`/api/imports/${j.id}/mapping`, {
            method: 'PUT',
            body: { columnMapping, saveToTemplate: remember && own },
          });
          job = mapped;
          toRemember = remember && t ? { template: t, columnMapping, own } : null;
          await dryRun(mapped);
        },
      }),
    );
  }

  async function dryRun(j: ImportJob): Promise<void> {
    steps.show(2);
    mount(body, h('p', { class: 'muted' }, '正在逐行检查…'));
    const r = await api<DryRun>(`/api/imports/${j.id}/dry-run`, { method: 'POST' });
    mount(
      body,
      dryRunResult(r, {
        filename: j.filename,
        onCommit: (button) => void start(j, button),
        onBack: () => mapping(j),
        onError: (m) => msg.error(m),
      }),
    );
  }

  async function start(j: ImportJob, button: HTMLButtonElement): Promise<void> {
    steps.show(3);
    button.disabled = true;
    progress?.dispose();
    const remember = toRemember;
    toRemember = null;
    progress = importProgress({
      msg,
      onAgain: upload,
      // The server saves an own template's mapping at commit; a county template's goes to the station's copy now.
      onCompleted: () => {
        if (remember)
          void rememberMapping(templates, remember.template, remember.columnMapping, remember.own).catch(
            logFailure('remembering a column mapping'),
          );
      },
    });
    mount(body, progress.el);
    await progress.commit(j.id);
  }

  const off = onLiveChange(
    () => progress?.nudge(),
    (e) => e.type === 'import.progress' && e.payload.jobId === job?.id,
    50,
  );

  void Promise.all([api<SurveyTemplate[]>('/api/surveys/templates'), isAdmin ? api<Station[]>('/api/stations') : Promise.resolve([])])
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
        h('p', { class: 'muted small' }, `把入户需求调查问卷的导出文件导入${isAdmin ? '' : '本站'}的服务对象和需求清单。`),
      ),
      steps.el,
      msg.el,
      body,
    ),
    dispose() {
      progress?.dispose();
      off();
    },
  };
}
