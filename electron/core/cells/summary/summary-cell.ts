// `summary` cell: the table of reduction at 10% capability loss per organism (mean and per seed,
// with intervals) and the findings computed from it.
import { z } from 'zod';
import type { CellKindDefinition } from '../../engine/types.js';
import { TrainResultSchema, inputList, parseInput } from '../common/results.js';
import type { StudyServices } from '../services.js';
import { summaryRow, type SummaryRow } from './aggregate.js';
import { computeFindings, findingSentence, type Finding } from './findings.js';

export const SummaryConfigSchema = z
  .object({
    title: z.string().default('Reduction of bad behaviour at 10% capability loss'),
    findings: z.boolean().default(true),
  })
  .strict();
export type SummaryConfig = z.infer<typeof SummaryConfigSchema>;

export interface SummaryData {
  title: string;
  rows: SummaryRow[];
  findings: Finding[];
  sentences: string[];
}

export const summaryCell: CellKindDefinition<SummaryConfig, StudyServices> = {
  kind: 'summary',
  runnerVersion: '1',
  configSchema: SummaryConfigSchema,
  async run(ctx) {
    const runs = inputList(ctx.inputs.runs, 'runs');
    const rows = runs.map((input) => summaryRow(input.cellName, parseInput(input, 'train', TrainResultSchema)));
    const findings = ctx.config.findings ? computeFindings(rows) : [];
    const data: SummaryData = { title: ctx.config.title, rows, findings, sentences: findings.map(findingSentence) };
    return {
      summary: {
        rows: rows.map((r) => ({ organism: r.organism, mean: r.mean, lo: r.lo, hi: r.hi, nSeeds: r.nSeeds })),
        findings: findings.map((f) => ({ id: f.id, verdict: f.verdict })),
      },
      data,
    };
  },
};
