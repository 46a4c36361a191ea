// One seed of a train cell: blue-team training in the bridge, with each checkpoint evaluated in
// onnxruntime as soon as the bridge announces it, so evaluation of checkpoint k overlaps the
// training of the next steps (Python trains, a Node worker thread evaluates) and the curve can be
// drawn while the run streams. The bridge exports each checkpoint itself (`export_onnx`), because
// it serves one long request at a time: an `export.onnx` call would wait for `train.run` to end.
import { appendFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Checkpoint, ResultOf } from '../../bridge/protocol.js';
import type { CellProgressUpdate } from '../../engine/types.js';
import type { CurveOutcomes } from '../../eval/reduction.js';
import { appendRecords, evaluateExport, type EvalSets } from '../common/evaluation.js';
import { defaultLr, toBridgeMethod } from '../common/method.js';
import { fromBridgeProgress, throwIfAborted } from '../common/progress.js';
import type { CurvePointResult, TrainRun } from '../common/results.js';
import type { StudyServices } from '../services.js';
import { SerialQueue } from './serial-queue.js';
import type { TrainConfig } from './train-config.js';

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

export type SeedRun = Pick<TrainRun, 'losses' | 'points' | 'final'> & { outcomes: CurveOutcomes[] };

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

  const points: CurvePointResult[] = [];
  const outcomes: CurveOutcomes[] = [];
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

  const evaluate = async (step: number, onnxDir: string): Promise<void> => {
    throwIfAborted(signal);
    evaluating = step;
    if (!training) input.progress({ phase: 'evaluate', step, total: config.steps, message: status() });
    const evaluated = await evaluateExport(services, onnxDir, sets, config.eval, signal);
    // A checkpoint is evaluated once: its sessions would otherwise stay open in every inference
    // worker until the LRU evicts them. The organism's own export (step 0) is shared; it stays.
    if (onnxDir !== input.organismOnnxDir) await services.inference.release?.(onnxDir);
    evaluating = null;
    points.push({ step, ...evaluated.metrics });
    outcomes.push({ step, bad: evaluated.outcomes.bad, capable: evaluated.outcomes.capable });
    await appendFile(input.metricsFile, `${JSON.stringify({ seed, step, ...evaluated.metrics })}\n`);
    await appendRecords(input.itemsFile, evaluated.records, { seed, step });
    input.onPoints(points);
  };

  // Step 0 is the organism itself (the bridge's step-0 checkpoint is an identical copy): its
  // existing export is evaluated while the bridge loads the model and starts training.
  evaluations.push(() => evaluate(0, input.organismOnnxDir));

  const checkpoints: Checkpoint[] = [];
  let previous: string | null = null;
  const onCheckpoint = (checkpoint: Checkpoint): void => {
    checkpoints.push(checkpoint);
    evaluations.push(async () => {
      // A later checkpoint exists, so the previous one is not the final one.
      if (previous && !config.keepCheckpoints) await rm(previous, { recursive: true, force: true });
      previous = checkpoint.model_dir;
      if (checkpoint.step === 0) return;
      if (!checkpoint.onnx_dir) throw new Error(`The bridge announced checkpoint ${checkpoint.step} without its ONNX export (train.run export_onnx); the python-bridge is older than the app.`);
      await evaluate(checkpoint.step, checkpoint.onnx_dir);
    });
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
          steps: config.steps,
          batch_size: config.batch_size,
          lr: config.lr ?? defaultLr(config.method),
          weight_decay: config.weight_decay,
          eval_every: config.eval_every,
          seed,
          export_onnx: true,
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
      await evaluations.settle();
      throw cause ? (cause as { error: unknown }).error : error;
    } finally {
      training = false;
    }
    await evaluations.drain(); // the last checkpoints' evaluations, after training ended

    // The result lists the same checkpoints as the notifications; a difference would leave a
    // checkpoint unevaluated, so it is an error rather than a silently shorter curve.
    const announced = new Set(checkpoints.map((c) => c.step));
    const unannounced = trained.checkpoints.filter((c) => !announced.has(c.step)).map((c) => c.step);
    if (unannounced.length > 0) throw new Error(`train.run returned checkpoints ${unannounced.join(', ')} that it never announced, so they were not evaluated.`);
    const last = checkpoints.filter((c) => c.step > 0).at(-1);
    if (!last?.onnx_dir) throw new Error(`train.run returned no checkpoints after step 0 (steps ${config.steps}, eval_every ${config.eval_every}).`);
    return {
      losses: trained.losses.map((l) => ({ step: l.step, loss: l.loss })),
      points,
      outcomes,
      final: { step: last.step, modelDir: path.relative(input.artifactDir, last.model_dir), onnxDir: path.relative(input.artifactDir, last.onnx_dir) },
    };
  } finally {
    input.signal.removeEventListener('abort', onCellAbort);
  }
}
