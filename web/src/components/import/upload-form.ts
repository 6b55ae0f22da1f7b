import { api, messageOf } from '../../api';
import { h, options } from '../../dom';
import type { ImportJob, Station, SurveyTemplate } from '../../types';
import type { Notice } from '../notice';
import { downloadButton } from './download';

/** Step 1: choose the template, (for the county admin) the station, and the exported CSV/XLSX file; uploads it. */
export function uploadForm(props: {
  templates: SurveyTemplate[];
  stations: Station[];
  /** Only the county admin picks a station; a coordinator imports into their own. */
  pickStation: boolean;
  msg: Notice;
  onUploaded(job: ImportJob): void;
}): HTMLElement {
  const { msg } = props;
  const file = h('input', {
    type: 'file',
    name: 'file',
    accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    required: true,
    'aria-label': '问卷导出文件',
  });
  const template = h('select', { name: 'template', 'aria-label': '调查模板' }, options(props.templates.map((t) => [t.id, t.name])));
  const station = h(
    'select',
    { name: 'station', 'aria-label': '导入到社工站' },
    options([['', '按“所在镇”列自动分配'], ...props.stations.map((x): [string, string] => [x.code, x.name])]),
  );
  const go = h('button', { type: 'submit', class: 'primary' }, '上传');
  return h(
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
          const job = await api<ImportJob>('/api/imports', {
            raw: f,
            query: { filename: f.name, templateId: template.value || undefined, stationCode: station.value || undefined },
          });
          props.onUploaded(job);
        } catch (err) {
          msg.error(messageOf(err));
          go.disabled = false;
          go.textContent = '上传';
        }
      },
    },
    h(
      'p',
      { class: 'muted small' },
      '支持问卷星、腾讯问卷等导出的 CSV（UTF-8 或 GBK）和 XLSX 文件，最大 50 MB。没有“所在村(社区)”列时，会从地址中识别村(社区)。',
    ),
    h(
      'div',
      { class: 'row' },
      downloadButton(
        '下载导入模板',
        () => `/api/imports/template.xlsx${template.value ? `?templateId=${encodeURIComponent(template.value)}` : ''}`,
        '入户需求调查-导入模板.xlsx',
        (m) => msg.error(m),
      ),
      h('span', { class: 'muted small' }, '表头与示例行，按模板填写后上传'),
    ),
    h('label', null, '调查模板', template),
    props.pickStation ? h('label', null, '导入到社工站', station) : null,
    h('label', null, '文件', file),
    go,
  );
}
