import { api } from '../../api';
import type { SurveyTemplate } from '../../types';

/**
 * Remembers a column mapping on the template. A county-wide template is only editable by the county admin,
 * so a coordinator's mapping goes to the station's own copy (created once, added to the front of
 * `templates`), which is preselected next time. `own`: the server already saved it with the mapping.
 */
export async function rememberMapping(
  templates: SurveyTemplate[],
  t: SurveyTemplate,
  columnMapping: Record<string, string>,
  own: boolean,
): Promise<void> {
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
