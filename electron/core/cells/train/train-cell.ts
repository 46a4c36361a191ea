// `train` cell (blue team): untargeted SFT (pirate, QA or a user's JSONL) on each seed of an
// organism, with interspersed evaluation: every K steps the checkpoint is exported to ONNX and
// evaluated, giving a curve of bad-behaviour rate against capability, and the reduction at 10%
// capability loss read off it (with a bootstrap interval over prompts).
import { createReadStream, existsSync } from 'node:fs';
import { appendFile, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import type { CellKindDefinition } from '../../engine/types.js';
import { reductionWithBootstrap, type CurveOutcomes } from '../../eval/reduction.js';
import { EvalSpecSchema, evaluateExport, loadEvalSets, type EvalSets } from '../common/evaluation.js';
import { MethodConfigSchema, defaultLr, toBridgeMethod } from '../common/method.js';
import { fromBridgeProgress, throwIfAborted } from '../common/progress.js';
import { OrganismResultSchema, TrainResultSchema, parseInput, resolveIn, singleInput, type TrainResult, type TrainRun } from '../common/results.js';
import { tradeoffFigure } from '../plot/figures.js';
import type { StudyServices } from '../services.js';

export const TrainConfigSchema = z
  .object({
    label: z.string().optional(),
    dataset: z
      .object({ kind: z.enum(['pirate', 'qa', 'jsonl']), path: z.string().optional() })
      .strict()
      .refine((d) => d.kind !== 'jsonl' || (d.path && d.path.length > 0), {
        message: 'a jsonl dataset needs "path" to a file with one {"messages": [...]} per line',
        path: ['path'],
      })
      .default({ kind: 'pirate' }),
    method: MethodConfigSchema.default({ type: 'lora', rank: 64, dropout: 0, targets: ['attn', 'mlp'] }),
    steps: z.number().int().positive().default(200),
    batch_size: z.number().int().positive().default(16),
    /** Default: 3e-3 for LoRA, 1e-3 for full weights. */
    lr: z.number().positive().optional(),
    weight_decay: z.number().min(0).default(0),
    /** Evaluate every K steps (interspersed evaluation). */
    eval_every: z.number().int().positive().default(50),
    /** Which organism seeds to attack (default: all of them); each run uses the organism's seed. */
    seeds: z.array(z.number().int()).optional(),
    eval: EvalSpecSchema.default({ n: 64, seed: 1000, maxNewTokens: 40 }),
    lossFraction: z.number().gt(0).lt(1).default(0.1),
    /** Keep every checkpoint's weights and ONNX export (large); the final one is always kept. */
    keepCheckpoints: z.boolean().default(false),
  })
  .strict();
export type TrainConfig = z.infer<typeof TrainConfigSchema>;

async function fileDigest(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export const trainCell: CellKindDefinition<TrainConfig, StudyServices> = {
  kind: 'train',
  runnerVersion: '2',
  configSchema: TrainConfigSchema,
  present(output, cellName) {
    const parsed = TrainResultSchema.safeParse(output.data);
    if (!parsed.success) return output;
    return { ...output, data: { ...parsed.data, figure: tradeoffFigure([{ cellName, result: parsed.data }], parsed.data.label) } };
  },
  async fingerprint(config) {
    // A user's dataset is named by path but the result depends on its bytes.
    if (config.dataset.kind !== 'jsonl' || !config.dataset.path) return '';
    const file = path.resolve(config.dataset.path);
    if (!existsSync(file)) throw new Error(`The JSONL dataset ${file} does not exist; fix "dataset.path".`);
    return fileDigest(file);
  },
  async run(ctx) {
    const { config, services, signal } = ctx;
    const organismInput = singleInput(ctx.inputs.organism, 'organism');
    const organism = parseInput(organismInput, 'organism', OrganismResultSchema);
    const wanted = config.seeds ?? organism.seeds.map((s) => s.seed);
    const missing = wanted.filter((s) => !organism.seeds.some((o) => o.seed === s));
    if (missing.length > 0) {
      throw new Error(`Organism "${organismInput.cellName}" has no seed ${missing.join(', ')}; it has seeds ${organism.seeds.map((s) => s.seed).join(', ')}.`);
    }
    const sets: EvalSets = await loadEvalSets(services, organism.groundTruth, organism.systemPrompt, config.eval, signal);
    const metricsFile = path.join(ctx.artifactDir, 'metrics.jsonl');
    const runs: TrainRun[] = [];

    for (const [index, seed] of wanted.entries()) {
      const organismSeed = organism.seeds.find((s) => s.seed === seed);
      if (!organismSeed) continue;
      const label = `seed ${seed} (${index + 1}/${wanted.length})`;
      const runDir = path.join(ctx.artifactDir, `seed-${seed}`);
      const points: TrainRun['points'] = [];
      const outcomes: CurveOutcomes[] = [];
      const record = async (step: number, onnxDir: string): Promise<void> => {
        const evaluated = await evaluateExport(services, onnxDir, sets, config.eval, signal);
        points.push({ step, ...evaluated.metrics });
        outcomes.push({ step, bad: evaluated.outcomes.bad, capable: evaluated.outcomes.capable });
        await appendFile(metricsFile, `${JSON.stringify({ seed, step, ...evaluated.metrics })}\n`);
      };

      ctx.progress({ phase: 'evaluate', step: 0, total: config.steps, message: `evaluating the organism (step 0), ${label}` });
      await record(0, resolveIn(organismInput, organismSeed.onnxDir));

      throwIfAborted(signal);
      const trained = await services.bridge.call(
        'train.run',
        {
          model_dir: resolveIn(organismInput, organismSeed.modelDir),
          out_dir: path.join(runDir, 'checkpoints'),
          dataset: config.dataset.kind === 'jsonl' ? { kind: 'jsonl', path: path.resolve(config.dataset.path ?? '') } : { kind: config.dataset.kind },
          method: toBridgeMethod(config.method),
          steps: config.steps,
          batch_size: config.batch_size,
          lr: config.lr ?? defaultLr(config.method),
          weight_decay: config.weight_decay,
          eval_every: config.eval_every,
          seed,
        },
        { signal, onProgress: (p) => ctx.progress(fromBridgeProgress(p, label)) },
      );

      const checkpoints = trained.checkpoints.filter((c) => c.step > 0).sort((a, b) => a.step - b.step);
      if (checkpoints.length === 0) throw new Error(`train.run returned no checkpoints after step 0 (steps ${config.steps}, eval_every ${config.eval_every}).`);
      let final: TrainRun['final'] | null = null;
      for (const [i, checkpoint] of checkpoints.entries()) {
        throwIfAborted(signal);
        ctx.progress({ phase: 'evaluate', step: checkpoint.step, total: config.steps, message: `evaluating checkpoint ${i + 1}/${checkpoints.length}, ${label}` });
        const onnxDir = path.join(runDir, `onnx-${checkpoint.step}`);
        await services.bridge.call('export.onnx', { model_dir: checkpoint.model_dir, out_dir: onnxDir }, { signal });
        await record(checkpoint.step, onnxDir);
        const isFinal = i === checkpoints.length - 1;
        if (isFinal) {
          final = { step: checkpoint.step, modelDir: path.relative(ctx.artifactDir, checkpoint.model_dir), onnxDir: path.relative(ctx.artifactDir, onnxDir) };
        } else if (!config.keepCheckpoints) {
          await Promise.all([rm(onnxDir, { recursive: true, force: true }), rm(checkpoint.model_dir, { recursive: true, force: true })]);
        }
      }
      const reduction = reductionWithBootstrap(outcomes, { lossFraction: config.lossFraction, nBoot: 1000, seed });
      runs.push({
        seed,
        organismSeed: seed,
        losses: trained.losses.map((l) => ({ step: l.step, loss: l.loss })),
        points,
        outcomes: outcomes.map((o) => ({ step: o.step, bad: [...o.bad], capable: [...o.capable] })),
        reduction: { ...reduction },
        final: final as TrainRun['final'],
        organismValidated: organismSeed.validation.passed,
      });
    }

    const data: TrainResult = {
      label: config.label ?? `${config.dataset.kind} SFT on ${organism.label}`,
      organism: { cellName: organismInput.cellName, label: organism.label, groundTruth: organism.groundTruth, method: organism.method },
      dataset: config.dataset,
      method: toBridgeMethod(config.method),
      systemPrompt: organism.systemPrompt,
      runs,
    };
    data.figure = tradeoffFigure([{ cellName: ctx.cell.name, result: data }], data.label);
    return {
      summary: {
        label: data.label,
        organism: organism.label,
        runs: runs.map((r) => ({
          seed: r.seed,
          reduction: r.reduction.reduction,
          lo: r.reduction.lo,
          hi: r.reduction.hi,
          censored: r.reduction.censored,
          first: r.points[0],
          last: r.points.at(-1),
          finalLoss: r.losses.at(-1)?.loss ?? null,
        })),
        unvalidatedSeeds: runs.filter((r) => !r.organismValidated).map((r) => r.seed),
      },
      data,
    };
  },
};
