/** What an evaluation round answers per station (server: src/evaluation; console: the round page). */

/** One indicator of a station's result: computed from the data, entered by the evaluator, or not yet scored. */
export interface IndicatorResult {
  id: string;
  group: string;
  name: string;
  unit: string;
  weight: number;
  source: 'computed' | 'entered' | 'missing';
  value: number | null;
  score: number;
  detail: string | null;
  note: string | null;
  evidence: string[];
}

/** One station's result in a round. */
export interface StationResult {
  stationCode: string;
  stationName: string;
  groups: Array<{ id: string; name: string; score: number; max: number }>;
  total: number;
  max: number;
  star: { level: number; name: string };
  indicators: IndicatorResult[];
  strengths: string[];
  problems: string[];
  suggestions: string[];
}
