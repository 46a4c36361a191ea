// The stored result of a detection cell as the view reads it (electron/core/cells/detection/
// detection-cell.ts DetectionResult); read loosely: a result may come from an older run.
import type { FigureJson } from '../plot/plotly-loader.js';

export interface Estimate {
  value: number | null;
  lo: number | null;
  hi: number | null;
}

export interface ModelScore {
  label: string;
  role: 'organism' | 'control' | 'base';
  backdoored: boolean;
  trigger: string | null;
  score: number | null;
  threshold: number | null;
  flagged: boolean | null;
  top: Array<{ candidate: string; label: string; value: number; raw?: number }>;
  found: 'exact' | 'near_miss' | 'no' | null;
  error?: string;
}

export interface MethodResult {
  id: string;
  label: string;
  scoreName: string;
  threshold: number | null;
  calibration: string;
  models: ModelScore[];
  confusion?: { tp: number; fp: number; tn: number; fn: number };
  precision?: Estimate;
  recall?: Estimate;
  f1?: Estimate;
  auroc?: Estimate;
  triggerFound: { exact: number; nearMiss: number; n: number };
  error: string | null;
}

export interface DetectionData {
  population: Array<{ label: string; role: string; backdoored: boolean; triggerLabel: string | null }>;
  candidates: Array<{ id: string; label: string; source: string }>;
  controls: string;
  prompts: number;
  methods: MethodResult[];
  figure: FigureJson;
}

export function detectionData(result: unknown): DetectionData | null {
  const data = (result as { data?: unknown } | null)?.data as Partial<DetectionData> | undefined;
  return data && Array.isArray(data.methods) && Array.isArray(data.population) && data.figure ? (data as DetectionData) : null;
}

export const fmt = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined ? 'n/a' : x.toFixed(digits));
export const estimate = (e: Estimate | undefined): string => (!e || e.value === null ? 'n/a' : `${fmt(e.value)} [${fmt(e.lo)}, ${fmt(e.hi)}]`);
