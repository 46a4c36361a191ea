// `evaluate` cell: metrics of every model an input cell holds (base, each organism seed, each
// train run's final checkpoint): the behaviour (tolerant detector) and its exact spelling with and
// without the trigger and on near misses, or a password lock's three password sets and capability
// gap; capability; each with n and a Wilson interval, plus perplexity on held-out general text.
// Each row carries its sets already labelled for the organism's kind (electron/shared/eval-labels.ts).
import path from 'node:path';
import type { GroundTruth } from '../../bridge/protocol.js';
import type { CellKindDefinition } from '../../engine/types.js';
import { appendRecords, EVAL_SPEC_DEFAULT, EvalSpecSchema, evaluateExport, ITEMS_FILE, loadEvalSets, type EvalMetrics } from '../common/evaluation.js';
import { isBaseModel, modelRefsOf } from '../common/model-refs.js';
import { throwIfAborted } from '../common/progress.js';
import { inputList } from '../common/results.js';
import type { StudyServices } from '../services.js';
import { headlineLabel, labelledSets, type LabelledSet } from '../../../shared/eval-labels.js';

export { EvaluateConfigSchema, type EvaluateConfig } from '../../../shared/cell-configs/evaluate.js';
import { EvaluateConfigSchema, type EvaluateConfig } from '../../../shared/cell-configs/evaluate.js';

export interface EvaluateRow {
  label: string;
  cellName: string;
  seed: number | null;
  groundTruth: GroundTruth;
  metrics: EvalMetrics;
  /** What `metrics.triggered` means for this organism (a lock's is its capability gap). */
  headline: string;
  /** The evaluation's sets as the views name them ("correct password"... or "with trigger"...). */
  sets: LabelledSet[];
  perplexity: number | null;
  textN: number;
}

export const evaluateCell: CellKindDefinition<EvaluateConfig, StudyServices> = {
  kind: 'evaluate',
  runnerVersion: '2', // 2: separately sized sets, tolerant and exact detectors, password-lock sets
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
        const text = await services.bridge.call('world.eval_set', { organism: groundTruth, kind: 'text', n: config.eval.capability, seed: config.eval.seed }, { signal });
        textN = text.items.length;
        const nll = await services.inference.answerNll(ref.onnxDir, text.items.map((item) => item.messages), signal);
        perplexity = Math.exp(nll);
      }
      rows.push({ label: ref.label, cellName: ref.cellName, seed: ref.seed, groundTruth, metrics, headline: headlineLabel(groundTruth), sets: labelledSets(groundTruth, metrics), perplexity, textN });
    }
    return {
      summary: { rows: rows.map((r) => ({ label: r.label, triggered: r.metrics.triggered, untriggered: r.metrics.untriggered, capability: r.metrics.capability, perplexity: r.perplexity })) },
      data: { rows },
    };
  },
};
