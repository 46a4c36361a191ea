// `train` cell (blue team): untargeted SFT (pirate, QA or a user's JSONL) on each seed of an
// organism, with interspersed evaluation: every K steps the checkpoint is exported to ONNX and
// evaluated, giving a curve of bad-behaviour rate against capability, and the reduction at 10%
// capability loss read off it (with a bootstrap interval over prompts). Checkpoints are evaluated
// while the training streams (train-seed.ts), and the curve so far is published as it grows.
import { createReadStream, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { TrainPartial } from '../../../shared/cell-partials.js';
import type { CellKindDefinition } from '../../engine/types.js';
import { reductionWithBootstrap } from '../../eval/reduction.js';
import { ITEMS_FILE, loadEvalSets, type EvalSets } from '../common/evaluation.js';
import { toBridgeMethod } from '../common/method.js';
import { TrainResultSchema, resolveIn, singleInput, type TrainResult, type TrainRun } from '../common/results.js';
import { tradeoffFigure } from '../plot/figures.js';
import type { StudyServices } from '../services.js';
import { attackedModelOf } from './organism-input.js';
import { TrainConfigSchema, type TrainConfig } from './train-config.js';
import { trainSeed } from './train-seed.js';

export { TrainConfigSchema, type TrainConfig };

async function fileDigest(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export const trainCell: CellKindDefinition<TrainConfig, StudyServices> = {
  kind: 'train',
  runnerVersion: '4', // 3: tolerant detectors, stop rule and dense schedule, capability anchored on in-distribution phrasings; 4: intermediate checkpoints answer the curve's sets only
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
    const organism = attackedModelOf(organismInput, config.seeds);
    const wanted = config.seeds ?? organism.seeds.map((s) => s.seed);
    const missing = wanted.filter((s) => !organism.seeds.some((o) => o.seed === s));
    if (missing.length > 0) {
      throw new Error(`Organism "${organismInput.cellName}" has no seed ${missing.join(', ')}; it has seeds ${organism.seeds.map((s) => s.seed).join(', ')}.`);
    }
    const label = config.label ?? `${config.dataset.kind} SFT on ${organism.label}`;
    const sets: EvalSets = await loadEvalSets(services, organism.evalGroundTruth, organism.systemPrompt, config.eval, signal);
    const metricsFile = path.join(ctx.artifactDir, 'metrics.jsonl');
    const itemsFile = path.join(ctx.artifactDir, ITEMS_FILE);
    const runs: TrainRun[] = [];
    // The live curve: finished seeds (with their censored verdict) plus the points of the seed being trained.
    const publish = (current?: { seed: number; points: TrainPartial['runs'][number]['points'] }): void => {
      const done = runs.map((r) => ({ seed: r.seed, points: r.points.map((p) => ({ ...p })), censored: r.reduction.censored, stoppedAt: r.stop?.stoppedAt ?? null }));
      const live = current ? [{ seed: current.seed, points: current.points.map((p) => ({ ...p })) }] : [];
      ctx.publish({ kind: 'train', label, lossFraction: config.lossFraction, runs: [...done, ...live] });
    };

    for (const [index, seed] of wanted.entries()) {
      const organismSeed = organism.seeds.find((s) => s.seed === seed);
      if (!organismSeed) continue;
      const run = await trainSeed({
        services,
        config,
        sets,
        seed,
        label: `seed ${seed} (${index + 1}/${wanted.length})`,
        modelDir: resolveIn(organismInput, organismSeed.modelDir),
        organismOnnxDir: resolveIn(organismInput, organismSeed.onnxDir),
        artifactDir: ctx.artifactDir,
        runDir: path.join(ctx.artifactDir, `seed-${seed}`),
        metricsFile,
        itemsFile,
        signal,
        progress: (update) => ctx.progress(update),
        onPoints: (points) => publish({ seed, points: [...points] }),
      });
      const reduction = reductionWithBootstrap(run.outcomes, { lossFraction: config.lossFraction, nBoot: 1000, seed });
      runs.push({
        seed,
        organismSeed: seed,
        losses: run.losses,
        points: run.points,
        outcomes: run.outcomes.map((o) => ({ step: o.step, bad: [...o.bad], capable: [...o.capable] })),
        reduction: { ...reduction },
        final: run.final,
        organismValidated: organismSeed.validated,
        ...(run.stop ? { stop: run.stop } : {}),
      });
      publish(); // the seed's verdict (censored or not) reaches the live chart at once
    }

    const data: TrainResult = {
      label,
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
          stoppedAt: r.stop?.stoppedAt ?? null,
          first: r.points[0],
          last: r.points.at(-1),
          finalLoss: r.losses.at(-1)?.loss ?? null,
        })),
        unvalidatedSeeds: runs.filter((r) => !r.organismValidated).map((r) => r.seed),
        // Seeds whose capability never fell by lossFraction: their reduction is a lower bound, not a reading.
        censoredSeeds: runs.filter((r) => r.reduction.censored).map((r) => r.seed),
      },
      data,
    };
  },
};
