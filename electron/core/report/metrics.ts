// Flat metric rows for CSV/JSON export: every model cell's capability, every evaluated checkpoint
// of every train run, every organism validation, every model an evaluate cell scored, and every
// summary row, each rate with k, n and its 95% interval (an evaluation's columns: eval-columns.ts).
import { z } from 'zod';
import { GroundTruthSchema } from '../bridge/protocol.js';
import type { Rate } from '../eval/wilson.js';
import { EvalMetricsSchema } from '../cells/common/evaluation.js';
import { ModelCellDataSchema, OrganismResultSchema, TrainResultSchema } from '../cells/common/results.js';
import type { SummaryData } from '../cells/summary/summary-cell.js';
import type { ReportData } from './collect.js';
import { summaryMetrics, type MetricRow, type SummaryMetrics } from './summary-section.js';
import { evalColumns } from './eval-columns.js';
import { diagnosticsMetricRows } from '../cells/diagnostics/report.js';
import { detectionMetricRows } from '../cells/detection/report.js';

export type { MetricRow };

function rateColumns(prefix: string, r: Rate): MetricRow {
  return { [`${prefix}_k`]: r.k, [`${prefix}_n`]: r.n, [`${prefix}_rate`]: r.rate, [`${prefix}_lo`]: r.lo, [`${prefix}_hi`]: r.hi };
}

/** An evaluate cell's rows (evaluate-cell.ts EvaluateRow), read back from a stored result. */
const EvaluateRowsSchema = z.object({
  rows: z.array(
    z.object({ label: z.string(), seed: z.number().nullable(), groundTruth: GroundTruthSchema, metrics: EvalMetricsSchema, perplexity: z.number().nullable(), textN: z.number() }),
  ),
});

export interface StudyMetrics {
  models: MetricRow[];
  checkpoints: MetricRow[];
  organisms: MetricRow[];
  evaluations: MetricRow[];
  summary: MetricRow[];
  /** Every Result's comparisons and every QA control: the difference, its interval and verdict. */
  comparisons: MetricRow[];
  /** The base model's capability at each step of the blue team (the capability-loss reference). */
  references: MetricRow[];
  findings: SummaryMetrics['findings'];
  /** Diagnostics cells: per model and diagnostic, its value, the base's and the difference with intervals, and the verdict. */
  diagnostics: MetricRow[];
  /** Detection cells: per method P/R/F1/AUROC with intervals and confusion, and per model its score and flag. */
  detection: MetricRow[];
}

export function studyMetrics(report: ReportData): StudyMetrics {
  const out: StudyMetrics = { models: [], checkpoints: [], organisms: [], evaluations: [], summary: [], comparisons: [], references: [], findings: [], detection: [], diagnostics: [] };
  for (const { cell, artifact } of report.cells) {
    if (!artifact) continue;
    const data = artifact.output.data;
    if (cell.kind === 'model') {
      const m = ModelCellDataSchema.safeParse(data);
      if (m.success && m.data.capability) out.models.push({ cell: cell.name, model: m.data.label, ...rateColumns('capability', m.data.capability) });
    } else if (cell.kind === 'organism') {
      const o = OrganismResultSchema.safeParse(data);
      if (!o.success) continue;
      for (const s of o.data.seeds) {
        out.organisms.push({
          cell: cell.name,
          organism: o.data.label,
          kind: String(o.data.groundTruth.kind),
          seed: s.seed,
          validated: s.validation.passed,
          problems: s.validation.reasons.join('; '),
          ...evalColumns(s.validation.metrics, o.data.groundTruth),
        });
      }
    } else if (cell.kind === 'train') {
      const t = TrainResultSchema.safeParse(data);
      if (!t.success) continue;
      for (const run of t.data.runs) {
        for (const p of run.points) {
          out.checkpoints.push({
            cell: cell.name,
            organism: t.data.organism.label,
            dataset: t.data.dataset.kind,
            seed: run.seed,
            step: p.step,
            ...evalColumns(p, t.data.organism.groundTruth),
          });
        }
      }
    } else if (cell.kind === 'evaluate') {
      const e = EvaluateRowsSchema.safeParse(data);
      if (!e.success) continue;
      for (const row of e.data.rows) {
        out.evaluations.push({
          cell: cell.name,
          model: row.label,
          // The ground truth it was scored against (a base model: the evaluate cell's backdoor).
          kind: String(row.groundTruth.kind),
          seed: row.seed,
          ...evalColumns(row.metrics, row.groundTruth),
          perplexity: row.perplexity,
          perplexity_n: row.textN,
        });
      }
    } else if (cell.kind === 'detection') out.detection.push(...detectionMetricRows(cell.name, data));
    else if (cell.kind === 'diagnostics') out.diagnostics.push(...diagnosticsMetricRows(cell.name, data));
    else if (cell.kind === 'summary') {
      const s = summaryMetrics(data as SummaryData | undefined);
      out.summary.push(...s.summary);
      out.comparisons.push(...s.comparisons);
      out.references.push(...s.references);
      out.findings.push(...s.findings);
    }
  }
  return out;
}

function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV with a `table` column, so a single file carries models, checkpoints, organisms, evaluations, summary, comparisons and the capability reference. */
export function metricsCsv(metrics: StudyMetrics): string {
  const tables: Array<[string, MetricRow[]]> = [
    ['model', metrics.models],
    ['checkpoint', metrics.checkpoints],
    ['organism', metrics.organisms],
    ['evaluation', metrics.evaluations],
    ['summary', metrics.summary],
    ['comparison', metrics.comparisons],
    ['capability_reference', metrics.references],
    ['diagnostics', metrics.diagnostics],
    ['detection', metrics.detection],
  ];
  const columns = ['table', ...new Set(tables.flatMap(([, rows]) => rows.flatMap((r) => Object.keys(r))))];
  const lines = [columns.join(',')];
  for (const [table, rows] of tables) {
    for (const row of rows) lines.push(columns.map((c) => csvCell(c === 'table' ? table : row[c])).join(','));
  }
  return `${lines.join('\n')}\n`;
}
