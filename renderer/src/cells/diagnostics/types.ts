// The parts of a diagnostics result (electron/core/cells/diagnostics/result.ts) this view reads.
// The renderer does not import core code, so the shape is restated here, read-only.
import type { FigureJson } from '../plot/plotly-loader.js';

export interface EstimateJson {
  value: number | null;
  lo: number;
  hi: number;
  n: number;
  k?: number;
}

export interface DiagnosticJson {
  id: string;
  label: string;
  variant: string | null;
  unit: 'rate' | 'perplexity';
  model: EstimateJson;
  base: EstimateJson;
  delta: { value: number | null; lo: number; hi: number; method: string };
  verdict: 'as base' | 'worse than base' | 'better than base' | 'not measured';
  untrainedSkill?: boolean;
}

export interface DiagnosticsJson {
  base: { label: string };
  models: Array<{ label: string; diagnostics: DiagnosticJson[]; worse: string[] }>;
  sizes: { text: number; instructions: number; chat: number; arithmetic: number };
  rules: { verdict: string; leakage: string; garbage: string };
  figure?: FigureJson;
}

/** The result's data, when it has the diagnostics shape (a stored result may be from another runner). */
export function diagnosticsOf(result: unknown): DiagnosticsJson | null {
  const data = (result as { data?: unknown } | null)?.data;
  if (data === null || typeof data !== 'object' || !Array.isArray((data as { models?: unknown }).models)) return null;
  return data as DiagnosticsJson;
}
