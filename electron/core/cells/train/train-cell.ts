// `train` cell (blue team): untargeted SFT (pirate, QA or a user's JSONL) on each seed of an
// organism, with interspersed evaluation: every K steps the checkpoint is exported to ONNX and
// evaluated, giving a curve of bad-behaviour rate against capability, and the reduction at 10%
// capability loss read off it (with a bootstrap interval over prompts). Checkpoints are evaluated
// while the training streams (train-seed.ts), and the curve so far is published as it grows.
import { createReadStream, existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { TrainPartial } from '../../../shared/cell-partials.js';
import type { CellKindDefinition } from '../../engine/types.js';
import { reductionWithBootstrap } from '../../eval/reduction.js';
import { ITEMS_FILE, loadEvalSets, type EvalSets } from '../common/evaluation.js';
import { toBridgeMethod } from '../common/method.js';
import { TrainResultSchema, resolveIn, singleInput, type TrainResult, type TrainRun } from '../common/results.js';
import { tradeoffFigure } from '../plot/figures.js';
import type { StudyBridge, StudyServices } from '../services.js';
import { runOnLanes } from '../../engine/run-on-lanes.js';
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
    // Seeds run one after another, or (compute.parallel > 1) several at once, one per bridge lane.
    // Each seed writes its own metrics/items files, joined in seed order at the end, and the result
    // lists seeds in the order asked: the output does not depend on which seed finished first.
    const lanes = services.bridge.lanes ?? [services.bridge];
    const finished = new Map<number, TrainRun>();
    const live = new Map<number, TrainPartial['runs'][number]['points']>();
    const ordered = <T>(bySeed: ReadonlyMap<number, T>): Array<[number, T]> =>
      wanted.filter((s) => bySeed.has(s)).map((s) => [s, bySeed.get(s) as T]);
    // The live curve: finished seeds (with their censored verdict) plus the points of the seeds being trained.
    const publish = (): void => {
      const done = ordered(finished).map(([, r]) => ({ seed: r.seed, points: r.points.map((p) => ({ ...p })), censored: r.reduction.censored, stoppedAt: r.stop?.stoppedAt ?? null }));
      const streaming = ordered(live).map(([seed, points]) => ({ seed, points: points.map((p) => ({ ...p })) }));
      ctx.publish({ kind: 'train', label, lossFraction: config.lossFraction, runs: [...done, ...streaming] });
    };
    const runSeed = async (lane: StudyBridge, index: number, seed: number, seedSignal: AbortSignal): Promise<void> => {
      const organismSeed = organism.seeds.find((s) => s.seed === seed);
      if (!organismSeed) return;
      const seedDir = path.join(ctx.artifactDir, `seed-${seed}`);
      await mkdir(seedDir, { recursive: true });
      const run = await trainSeed({
        services: { ...services, bridge: lane },
        config,
        sets,
        seed,
        label: `seed ${seed} (${index + 1}/${wanted.length})`,
        modelDir: resolveIn(organismInput, organismSeed.modelDir),
        organismOnnxDir: resolveIn(organismInput, organismSeed.onnxDir),
        artifactDir: ctx.artifactDir,
        runDir: seedDir,
        metricsFile: path.join(seedDir, 'metrics.jsonl'),
        itemsFile: path.join(seedDir, ITEMS_FILE),
        signal: seedSignal,
        progress: (update) => ctx.progress(update),
        onPoints: (points) => {
          live.set(seed, [...points]);
          publish();
        },
      });
      const reduction = reductionWithBootstrap(run.outcomes, { lossFraction: config.lossFraction, nBoot: 1000, seed });
      live.delete(seed);
      finished.set(seed, {
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
    };

    // One failed seed stops the others (their bridge calls are cancelled) and is the cell's error.
    await runOnLanes(wanted, lanes, signal, (seed, index, lane, seedSignal) => runSeed(lane, index, seed, seedSignal));
    const runs = ordered(finished).map(([, r]) => r);
    for (const [seed] of ordered(finished)) {
      const seedDir = path.join(ctx.artifactDir, `seed-${seed}`);
      await appendFile(path.join(ctx.artifactDir, 'metrics.jsonl'), await readFile(path.join(seedDir, 'metrics.jsonl'), 'utf8'));
      await appendFile(path.join(ctx.artifactDir, ITEMS_FILE), await readFile(path.join(seedDir, ITEMS_FILE), 'utf8'));
      await rm(path.join(seedDir, 'metrics.jsonl'));
      await rm(path.join(seedDir, ITEMS_FILE));
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
