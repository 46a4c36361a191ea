// The notebook file format (versioned JSON). Shared by the core (which reads and writes files) and
// the renderer (which only ever sees parsed, validated documents). `.passthrough()` everywhere a
// user's file may carry fields a newer or older version wrote: unknown fields survive a round trip.
import { z } from 'zod';
import { ComputeSettingSchema } from './compute-schema.js';

export const NOTEBOOK_FORMAT = 'organism-studio-notebook';
export const NOTEBOOK_VERSION = 1;

export const CellStatusSchema = z.enum([
  'idle', // never run
  'stale', // an input or the config changed since the last result
  'queued',
  'running',
  'done',
  'error',
  'cancelled',
]);
export type CellStatus = z.infer<typeof CellStatusSchema>;

/** What the notebook file remembers of a cell's last run (the full result lives in the artifact store). */
export const OutputSummarySchema = z
  .object({
    status: CellStatusSchema,
    hash: z.string().optional(), // content hash of the run (artifact key)
    startedAt: z.string().optional(), // ISO time
    finishedAt: z.string().optional(),
    durationMs: z.number().nonnegative().optional(),
    error: z.string().optional(),
    summary: z.record(z.string(), z.unknown()).optional(), // small, kind-specific numbers for display
  })
  .passthrough();
export type OutputSummary = z.infer<typeof OutputSummarySchema>;

export const CellSchema = z
  .object({
    id: z.string().min(1),
    kind: z.string().min(1), // 'markdown' | 'model' | 'organism' | 'train' | 'evaluate' | 'plot' | 'sample' | …
    name: z.string().min(1),
    config: z.record(z.string(), z.unknown()),
    /** input name → name of the cell whose output feeds it (this makes the DAG). */
    inputs: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
    output: OutputSummarySchema.nullable().default(null),
    metadata: z.record(z.string(), z.unknown()).default({}),
  })
  .passthrough();
export type Cell = z.infer<typeof CellSchema>;

export const NotebookSchema = z
  .object({
    format: z.literal(NOTEBOOK_FORMAT),
    version: z.number().int().min(1).max(NOTEBOOK_VERSION),
    title: z.string().default('Untitled study'),
    cells: z.array(CellSchema),
    /** Where the bridge runs (absent: this machine); see compute-schema.ts. */
    compute: ComputeSettingSchema.optional(),
    metadata: z.record(z.string(), z.unknown()).default({}),
  })
  .passthrough();
export type Notebook = z.infer<typeof NotebookSchema>;
