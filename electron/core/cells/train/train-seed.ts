// One seed of a train cell: blue-team training in the bridge, with checkpoints evaluated in
// onnxruntime while the bridge keeps training (Python trains, a Node worker thread evaluates), so
// the curve can be drawn while the run streams.
//
// Design of the stop rule and the evaluation schedule (config `stop`; without it every checkpoint
// of `steps` is evaluated, as before):
// - The bridge saves a checkpoint every `eval_every` steps (the fine grid), but exports to ONNX (about
//   three training steps' worth of time) only every `stop.coarseEvery`-th one and the last
//   (train.run `export_every`). Training never waits for evaluation.
// - Checkpoints are processed in step order, one evaluation at a time (SerialQueue). The decisions
//   (schedule.ts) depend only on evaluated numbers: evaluate coarsely (every coarseEvery-th
//   checkpoint) while relative capability stays above the anchor plus a margin; the first coarse
//   checkpoint at or below it turns evaluation dense for good: the held fine checkpoints before it
//   (since the last coarse one) are evaluated, then every later one. Checkpoints the bridge saved
//   without ONNX are exported on request (train.control export_steps / export_all; after train.run
//   has returned, a plain export.onnx). So the 10% crossing is interpolated between checkpoints
//   `eval_every` apart.
// - The run stops at the first checkpoint in step order whose capability is at most
//   (1 - stop.lossFraction) x step 0's: train.control stop_after ends train.run as a success (a
//   cancel stays an error) and the bridge drops whatever it trained past that step. Points the
//   client had evaluated past it are dropped too. Since the learning-rate schedule spans the budget
//   wherever the run stops, and no decision depends on timing, the same seed gives the same
//   checkpoints, points and stop step however far training ran ahead of evaluation.
// - Disk: held checkpoints (at most coarseEvery - 1, plus what is announced but not yet processed)
//   are deleted once the next coarse checkpoint shows they are not needed; an evaluated checkpoint
//   is deleted once a later one is evaluated, except the stop checkpoint, the run's final model.
// - Prompts (config `checkpointSets`, default 'curve'): step 0 and the final checkpoint answer every
//   eval set; the checkpoints between answer only what the curve needs (in-distribution capability,
//   the triggered behaviour, a lock's pairs), about half the prompts. The final point is completed
//   once the run has ended, so its false-trigger, near-miss and held-out rates sit beside step 0's.
// The bridge exports each checkpoint itself, because it serves one long request at a time: an
// `export.onnx` call would wait for `train.run` to end.
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import type { Checkpoint, ParamsOf, ResultOf } from '../../bridge/protocol.js';
import type { CellProgressUpdate } from '../../engine/types.js';
import type { CurveOutcomes } from '../../eval/reduction.js';
import { appendRecords, beyondCurveItems, curveItems, evaluateExport, mergeScored, scoreExport, summariseScored, type EvalSets, type ScoredItem } from '../common/evaluation.js';
import { defaultLr, toBridgeMethod } from '../common/method.js';
import { fromBridgeProgress, throwIfAborted } from '../common/progress.js';
import type { CurvePointResult, TrainRun } from '../common/results.js';
import type { StudyServices } from '../services.js';
import { CheckpointFiles } from './checkpoint-files.js';
import { EvaluationSchedule } from './schedule.js';
import { SerialQueue } from './serial-queue.js';
import { trainPlan, type TrainConfig } from './train-config.js';

export interface SeedRunInput {
  services: StudyServices;
  config: TrainConfig;
  sets: EvalSets;
  seed: number;
  /** e.g. "seed 0 (1/2)", shown with progress. */
  label: string;
  /** The organism seed's model directory and its ONNX export (absolute); the export is step 0. */
  modelDir: string;
  organismOnnxDir: string;
  /** The cell's artifact directory (result paths are relative to it) and this seed's folder in it. */
  artifactDir: string;
  runDir: string;
  metricsFile: string;
  /** Every evaluated prompt of every checkpoint (JSONL, with seed and step): see EvalRecord. */
  itemsFile: string;
  signal: AbortSignal;
  progress(update: CellProgressUpdate): void;
  /** After each evaluated checkpoint, with every point of this seed so far (in step order). */
  onPoints(points: readonly CurvePointResult[]): void;
}

export type SeedRun = Pick<TrainRun, 'losses' | 'points' | 'final' | 'stop'> & { outcomes: CurveOutcomes[] };

interface Evaluated {
  point: CurvePointResult;
  outcome: CurveOutcomes;
  items: ScoredItem[];
}

export async function trainSeed(input: SeedRunInput): Promise<SeedRun> {
  const { services, config, sets, seed, label } = input;
  throwIfAborted(input.signal);
  // Our own controller: a cancel of the cell and a failed evaluation both end the bridge call.
  const controller = new AbortController();
  const abort = (reason: unknown): void => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const onCellAbort = (): void => abort(input.signal.reason);
  input.signal.addEventListener('abort', onCellAbort, { once: true });
  const signal = controller.signal;

  const plan = trainPlan(config);
  const schedule = new EvaluationSchedule({ ...plan, evalEvery: config.eval_every });
  const files = new CheckpointFiles();
  const evaluated = new Map<number, Evaluated>();
  let baseline: number | null = null; // capability at step 0
  // An evaluation that fails on its own (not because the run was already aborted) aborts the run.
  let cause: { error: unknown } | null = null;
  const evaluations = new SerialQueue((error) => {
    if (signal.aborted) return;
    cause = { error };
    abort(error);
  });
  let evaluating: number | null = null;
  let training = false; // while train.run streams, its progress carries the evaluation in its message
  const status = (): string => (evaluating === null ? label : `${label}; evaluating step ${evaluating}`);

  // train.run's id (every checkpoint notification carries it) while it runs: train.control needs it.
  let runId: Checkpoint['id'] | null = null;
  let running = true;
  const control = async (request: Omit<ParamsOf<'train.control'>, 'id'>): Promise<boolean> => {
    if (runId === null || !running) return false;
    return (await services.bridge.call('train.control', { id: runId, ...request }, { signal })).running;
  };
  const requested = new Set<number>(); // asked of the running job (which serves every request it accepted)
  const requestExports = async (request: { export_steps: number[]; export_all?: boolean }): Promise<void> => {
    if (await control(request)) for (const step of request.export_steps) requested.add(step);
  };
  const onnxFor = async (step: number): Promise<string> => {
    const ready = files.onnxDir(step);
    if (ready) return ready;
    if (!requested.has(step)) await requestExports({ export_steps: [step] });
    if (requested.has(step)) {
      const dir = await files.waitOnnx(step, signal);
      if (dir) return dir;
    }
    throwIfAborted(signal);
    const out = path.join(files.modelDir(step), 'onnx'); // where the bridge would have written it
    await services.bridge.call('export.onnx', { model_dir: files.modelDir(step), out_dir: out }, { signal });
    files.setOnnx(step, out);
    return out;
  };

  /** The curve so far: evaluated points in step order, none past a stop. */
  const curve = (): Evaluated[] => schedule.evaluatedSteps.map((s) => evaluated.get(s)).filter((e) => e !== undefined);

  const evaluate = async (step: number, onnxDir: string): Promise<void> => {
    throwIfAborted(signal);
    evaluating = step;
    if (!training) input.progress({ phase: 'evaluate', step, total: plan.budget, message: status() });
    // Step 0 answers every set; later checkpoints only what the curve needs, unless the config asks
    // for all (the final checkpoint is completed once the run has ended: completeFinal).
    const partial = step !== 0 && config.checkpointSets === 'curve';
    const result = await evaluateExport(services, onnxDir, sets, config.eval, signal, partial ? curveItems : undefined);
    // A checkpoint is evaluated once: its sessions would otherwise stay open in every inference
    // worker until the LRU evicts them. The organism's own export (step 0) is shared; it stays.
    if (onnxDir !== input.organismOnnxDir) await services.inference.release?.(onnxDir);
    evaluating = null;
    const capability = result.metrics.capability.rate ?? 0;
    if (step === 0) baseline = capability;
    evaluated.set(step, {
      point: { step, ...result.metrics },
      outcome: { step, bad: result.outcomes.bad, capable: result.outcomes.capable },
      items: result.items,
    });
    schedule.record(step, baseline !== null && baseline > 0 ? capability / baseline : Number.NaN);
    input.onPoints(curve().map((e) => e.point));
  };

  /** Deletes the files no longer needed: discarded checkpoints, and evaluated ones but the final candidate. */
  const unneeded = new Set<number>();
  const tidy = async (): Promise<void> => {
    for (const step of schedule.takeDiscarded()) unneeded.add(step);
    if (config.keepCheckpoints) return;
    const final = schedule.stopStep ?? Math.max(...schedule.evaluatedSteps);
    for (const step of files.present()) if (step === 0 || (evaluated.has(step) && step !== final)) unneeded.add(step);
    for (const step of unneeded) {
      // An export asked of the running job may be under way: its files go once it is announced or the run ends.
      if (running && requested.has(step) && files.onnxDir(step) === null) continue;
      unneeded.delete(step);
      await files.remove(step);
    }
  };

  let stopSent = false;
  let exportAllSent = plan.coarseEvery === 1; // then every checkpoint is exported when saved anyway
  const processCheckpoint = async (step: number): Promise<void> => {
    schedule.offer(step);
    for (let next = schedule.nextToEvaluate(); next !== null; next = schedule.nextToEvaluate()) {
      if (schedule.dense && !exportAllSent) {
        // Dense from here on: have the bridge export every checkpoint it saves, and the held ones now.
        exportAllSent = true;
        await requestExports({ export_all: true, export_steps: [next, ...schedule.pendingSteps].filter((s) => files.onnxDir(s) === null) });
      }
      await evaluate(next, await onnxFor(next));
      if (schedule.stopStep !== null && !stopSent) {
        stopSent = true;
        await control({ stop_after: schedule.stopStep }); // false: train.run already ended; the client truncates anyway
      }
    }
    await tidy();
  };

  // Step 0 is the organism itself (the bridge's step-0 checkpoint is an identical copy): its
  // existing export is evaluated while the bridge loads the model and starts training.
  evaluations.push(() => evaluate(0, input.organismOnnxDir));

  const onCheckpoint = (checkpoint: Checkpoint): void => {
    runId ??= checkpoint.id;
    if (!files.announce(checkpoint)) return; // a later export of a checkpoint already queued
    evaluations.push(() => (checkpoint.step === 0 ? tidy() : processCheckpoint(checkpoint.step)));
  };

  try {
    let trained: ResultOf<'train.run'>;
    try {
      trained = await services.bridge.call(
        'train.run',
        {
          model_dir: input.modelDir,
          out_dir: path.join(input.runDir, 'checkpoints'),
          dataset: config.dataset.kind === 'jsonl' ? { kind: 'jsonl', path: path.resolve(config.dataset.path ?? '') } : { kind: config.dataset.kind },
          method: toBridgeMethod(config.method),
          steps: plan.budget,
          batch_size: config.batch_size,
          lr: config.lr ?? defaultLr(config.method),
          weight_decay: config.weight_decay,
          eval_every: config.eval_every,
          seed,
          export_onnx: true,
          export_every: plan.coarseEvery,
        },
        {
          signal,
          onProgress: (p) => {
            training = true;
            input.progress(fromBridgeProgress(p, status()));
          },
          onCheckpoint,
        },
      );
    } catch (error) {
      // The bridge call has ended (aborting it sent `cancel`); stop the evaluations too, and report
      // an evaluation failure that caused the abort rather than the resulting cancellation.
      abort(error);
      running = false;
      files.close();
      await evaluations.settle();
      throw cause ? (cause as { error: unknown }).error : error;
    } finally {
      training = false;
    }
    running = false;
    files.close(); // exports still needed now come from export.onnx
    await evaluations.drain(); // the last checkpoints' evaluations, after training ended
    await tidy(); // checkpoints whose export was under way when they stopped being needed

    // The result lists the same checkpoints as the notifications; a difference would leave a
    // checkpoint unevaluated, so it is an error rather than a silently shorter curve.
    const unannounced = trained.checkpoints.filter((c) => !files.has(c.step)).map((c) => c.step);
    if (unannounced.length > 0) throw new Error(`train.run returned checkpoints ${unannounced.join(', ')} that it never announced, so they were not evaluated.`);
    const kept = curve();
    const last = kept.at(-1)?.point.step ?? 0;
    const finalOnnx = files.onnxDir(last);
    if (last === 0 || !finalOnnx) throw new Error(`train.run returned no checkpoints after step 0 (steps ${plan.budget}, eval_every ${config.eval_every}).`);
    if (config.checkpointSets === 'curve') {
      // The final model answers the rest of the sets too, so its point has every rate step 0 has.
      const final = kept.at(-1)!;
      evaluating = last;
      input.progress({ phase: 'evaluate', step: last, total: plan.budget, message: `${status()} (every set)` });
      const rest = await scoreExport(services, finalOnnx, sets, config.eval, signal, beyondCurveItems);
      await services.inference.release?.(finalOnnx);
      evaluating = null;
      const merged = summariseScored(mergeScored(final.items, rest), sets.passwordLock);
      final.items = merged.items;
      final.point = { step: last, ...merged.metrics };
      input.onPoints(kept.map((e) => e.point));
    }
    // Written once the curve is settled, in step order: a point evaluated past the stop is not part of it.
    for (const e of kept) {
      await appendFile(input.metricsFile, `${JSON.stringify({ seed, ...e.point })}\n`);
      await appendRecords(input.itemsFile, e.items.map((i) => i.record), { seed, step: e.point.step });
    }
    return {
      losses: trained.losses.filter((l) => l.step <= last).map((l) => ({ step: l.step, loss: l.loss })),
      points: kept.map((e) => e.point),
      outcomes: kept.map((e) => e.outcome),
      final: { step: last, modelDir: path.relative(input.artifactDir, files.modelDir(last)), onnxDir: path.relative(input.artifactDir, finalOnnx) },
      stop: config.stop ? { lossFraction: config.stop.lossFraction, maxSteps: plan.budget, stoppedAt: schedule.stopStep } : undefined,
    };
  } finally {
    input.signal.removeEventListener('abort', onCellAbort);
  }
}
