// Every runnable cell kind's config schema, by kind. The core runs a cell with the config its schema
// parses; the renderer's forms validate with the same schemas as the user types (pure zod, no Node),
// so a form and the config a cell runs with cannot disagree.
import type { z } from 'zod';
import { DetectionConfigSchema } from './detection.js';
import { DiagnosticsConfigSchema } from './diagnostics.js';
import { EvaluateConfigSchema } from './evaluate.js';
import { ModelConfigSchema } from './model.js';
import { OrganismConfigSchema } from './organism.js';
import { PlotConfigSchema } from './plot.js';
import { SampleConfigSchema } from './sample.js';
import { SummaryConfigSchema } from './summary.js';
import { TrainConfigSchema } from './train.js';

export const CONFIG_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  model: ModelConfigSchema,
  organism: OrganismConfigSchema,
  train: TrainConfigSchema,
  evaluate: EvaluateConfigSchema,
  plot: PlotConfigSchema,
  sample: SampleConfigSchema,
  summary: SummaryConfigSchema,
  diagnostics: DiagnosticsConfigSchema,
  detection: DetectionConfigSchema,
};

/** The config schema of a cell kind, or null for kinds without one (markdown, unknown kinds). */
export function configSchemaOf(kind: string): z.ZodType | null {
  return Object.hasOwn(CONFIG_SCHEMAS, kind) ? (CONFIG_SCHEMAS[kind] ?? null) : null;
}
