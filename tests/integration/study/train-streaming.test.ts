// The train cell evaluates checkpoints while the training streams, through the REAL Python bridge
// (train.run with export_onnx) and onnxruntime. The services are wrapped only to record the order
// of events (and, in one test, to fail an evaluation or hold train.run's reply back); nothing is
// timed: every assertion is about order, content or which calls are still running.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeMethod, ParamsOf, ResultOf } from '../../../electron/core/bridge/protocol.js';
import type { CellRunContext, CellRunOutput, InputValue } from '../../../electron/core/engine/types.js';
import { TrainResultSchema } from '../../../electron/core/cells/common/results.js';
import { createStudyServices, type RealServices } from '../../../electron/core/cells/create-services.js';
import type { BridgeCallOptions, StudyServices } from '../../../electron/core/cells/services.js';
import { trainCell, TrainConfigSchema, type TrainConfig } from '../../../electron/core/cells/train/train-cell.js';
import type { CellPartial } from '../../../electron/shared/cell-partials.js';
import { baseAsOrganism } from './support/base-as-organism.js';

const root = path.resolve(new URL('../../../', import.meta.url).pathname);
const baseDir = path.join(root, 'assets/models/base');
const tmp = mkdtempSync(path.join(tmpdir(), 'os-train-stream-'));
const organismOnnx = path.join(tmp, 'organism-onnx');
let real: RealServices;

beforeAll(async () => {
  real = createStudyServices({ appRoot: root });
  await real.bridge.call('export.onnx', { model_dir: baseDir, out_dir: organismOnnx });
});
afterAll(async () => {
  await real?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

const organismInput = (): InputValue => baseAsOrganism({ seeds: [0], modelDir: baseDir, onnxDir: organismOnnx, dir: tmp });

/** The checkpoint step an export directory belongs to (the organism's export is step 0). */
function stepOf(onnxDir: string): number {
  if (onnxDir === organismOnnx) return 0;
  const match = /step-(\d{6})[/\\]onnx$/.exec(onnxDir);
  if (!match) throw new Error(`evaluated an export that is not a bridge checkpoint's: ${onnxDir}`);
  return Number(match[1]);
}

interface Recorder {
  events: string[];
  partials: CellPartial[];
  trainRunId: number | null;
  services: StudyServices;
}

interface RecorderOptions {
  /** Awaited before train.run's reply is handed to the cell. */
  holdReply?: () => Promise<void>;
  /** Throws instead of evaluating this step. */
  failEvaluationAt?: number;
  /** Called after each evaluation finished. */
  onEvaluated?: (step: number) => void;
}

function recorder(options: RecorderOptions = {}): Recorder {
  const rec: Recorder = { events: [], partials: [], trainRunId: null, services: real };
  async function call<M extends BridgeMethod>(method: M, params: ParamsOf<M>, callOptions: BridgeCallOptions = {}): Promise<ResultOf<M>> {
    if (method !== 'train.run') return real.bridgeClient.call(method, params, callOptions);
    rec.events.push('train.run:start');
    const result = await real.bridgeClient.call(method, params, {
      ...callOptions,
      onStarted: (id) => (rec.trainRunId = id),
      onCheckpoint: (c) => {
        rec.events.push(`checkpoint:${c.step}`);
        callOptions.onCheckpoint?.(c);
      },
    });
    await options.holdReply?.();
    rec.events.push('train.run:returned');
    return result;
  }
  rec.services = {
    ...real,
    bridge: { call },
    inference: {
      async generate(exportDir, prompts, generateOptions) {
        const step = stepOf(exportDir);
        rec.events.push(`eval:${step}:start`);
        if (step === options.failEvaluationAt) throw new Error(`onnxruntime failed on checkpoint ${step} (injected)`);
        const answers = await real.inference.generate(exportDir, prompts, generateOptions);
        rec.events.push(`eval:${step}:done`);
        options.onEvaluated?.(step);
        return answers;
      },
      async release(exportDir) {
        const released = await real.inference.release!(exportDir);
        rec.events.push(`release:${stepOf(exportDir)}:${released}`);
        return released;
      },
    },
  };
  return rec;
}

function context(rec: Recorder, config: Partial<TrainConfig>, signal: AbortSignal, name: string): CellRunContext<TrainConfig, StudyServices> {
  const artifactDir = path.join(tmp, name);
  mkdirSync(artifactDir, { recursive: true });
  return {
    cell: { id: name, kind: 'train', name, config: {}, inputs: { organism: 'organism' }, output: null, metadata: {} },
    config: TrainConfigSchema.parse({
      method: { type: 'lora', rank: 4 },
      batch_size: 4,
      lr: 0.001,
      eval: { n: 8, seed: 1000, maxNewTokens: 8 },
      ...config,
    }),
    inputs: { organism: organismInput() },
    artifactDir,
    finalDir: artifactDir,
    hash: `h-${name}`,
    progress: () => undefined,
    publish: (partial) => {
      rec.partials.push(partial);
      rec.events.push(`partial:${partial.runs.at(-1)?.points.at(-1)?.step}`);
    },
    signal,
    services: rec.services,
  };
}

/** Proof that the bridge runs no request: a long request queues behind a running one (one worker), so
 *  a model.generate that completes means the queue is empty, and the bridge no longer knows train.run's id. */
async function expectBridgeIdle(trainRunId: number | null): Promise<void> {
  expect(trainRunId).not.toBeNull();
  expect(real.bridgeClient.state.state).toBe('ready'); // no request of ours is pending in the client
  const gen = await real.bridge.call('model.generate', { model_dir: baseDir, prompts: [[{ role: 'user', content: 'What is 2+2?' }]], max_new_tokens: 2 });
  expect(gen.outputs).toHaveLength(1);
  expect(await real.bridgeClient.cancel(trainRunId as number)).toBe(false); // already gone client-side
  const answer = await real.bridge.call('cancel', { id: trainRunId as number });
  expect(answer.cancelled).toBe(false); // and bridge-side: no queued or running job with that id
}

describe('train cell: interspersed evaluation while training streams', () => {
  it('evaluates an early checkpoint before train.run returns and publishes the curve in step order', async () => {
    // train.run's reply is held until checkpoint 2 has been evaluated: a cell that evaluated only
    // after train.run returned would never get there (and this test would time out).
    let evaluated2!: () => void;
    const step2 = new Promise<void>((resolve) => (evaluated2 = resolve));
    const rec = recorder({ holdReply: () => step2, onEvaluated: (step) => step === 2 && evaluated2() });
    const ctx = context(rec, { steps: 6, eval_every: 2 }, new AbortController().signal, 'stream');
    const output: CellRunOutput = await trainCell.run(ctx);

    const at = (event: string): number => {
      const i = rec.events.indexOf(event);
      expect(i, `${event} in ${rec.events.join(' ')}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    expect(at('checkpoint:2')).toBeLessThan(at('eval:2:start'));
    expect(at('eval:2:done')).toBeLessThan(at('train.run:returned'));
    expect(at('partial:2')).toBeLessThan(at('train.run:returned'));
    // Evaluations run one at a time, in step order; once the run has ended, the final checkpoint
    // answers the sets its curve point skipped (checkpointSets 'curve', the default).
    expect(rec.events.filter((e) => e.startsWith('eval:'))).toEqual([
      'eval:0:start', 'eval:0:done', 'eval:2:start', 'eval:2:done', 'eval:4:start', 'eval:4:done', 'eval:6:start', 'eval:6:done',
      'eval:6:start', 'eval:6:done',
    ]);
    expect(at('train.run:returned')).toBeLessThan(rec.events.lastIndexOf('eval:6:start'));
    // Each checkpoint's sessions are closed once it is evaluated (one model released, the count the
    // workers report); the organism's export, which every seed starts from, stays open.
    expect(rec.events.filter((e) => e.startsWith('release:'))).toEqual(['release:2:1', 'release:4:1', 'release:6:1', 'release:6:1']);
    expect(at('eval:2:done')).toBeLessThan(at('release:2:1'));
    expect(at('release:2:1')).toBeLessThan(at('eval:4:start'));
    // Each partial is the whole curve so far, growing one checkpoint at a time in step order; the
    // last one is the finished seed, which now carries its censored verdict.
    expect(rec.partials.map((p) => p.runs.map((r) => [r.seed, r.points.map((q) => q.step)]))).toEqual([
      [[0, [0]]],
      [[0, [0, 2]]],
      [[0, [0, 2, 4]]],
      [[0, [0, 2, 4, 6]]],
      [[0, [0, 2, 4, 6]]], // the final point completed with every set
      [[0, [0, 2, 4, 6]]],
    ]);
    expect(rec.partials.slice(0, -1).every((p) => p.runs[0]?.censored === undefined)).toBe(true);

    // The final result keeps its shape (summary and plot cells read it) and matches the last partial.
    const data = TrainResultSchema.parse(output.data);
    const run = data.runs[0]!;
    expect(run.points.map((p) => p.step)).toEqual([0, 2, 4, 6]);
    expect(rec.partials.at(-1)?.runs[0]?.points).toEqual(run.points);
    expect(rec.partials.at(-1)?.runs[0]?.censored).toBe(run.reduction.censored);
    expect(run.stop).toBeUndefined(); // no stop rule: the steps are trained, every checkpoint evaluated
    expect(run.outcomes.map((o) => o.step)).toEqual([0, 2, 4, 6]);
    expect(run.losses.map((l) => l.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(run.final.step).toBe(6);
    expect(existsSync(path.join(ctx.artifactDir, run.final.onnxDir, 'model.onnx'))).toBe(true);
    expect(existsSync(path.join(ctx.artifactDir, run.final.modelDir, 'weights.pt'))).toBe(true);
    // Non-final checkpoints (step 0 included) are deleted; metrics.jsonl has one line per checkpoint, in order.
    expect(readdirSync(path.join(ctx.artifactDir, 'seed-0', 'checkpoints')).sort()).toEqual(['step-000006']);
    const lines = readFileSync(path.join(ctx.artifactDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seed: number; step: number });
    expect(lines.map((l) => [l.seed, l.step])).toEqual([[0, 0], [0, 2], [0, 4], [0, 6]]);
    // Each checkpoint's prompts, answers and scores are recorded: recounted, they give its rates.
    const items = readFileSync(path.join(ctx.artifactDir, 'items.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seed: number; step: number; set: string; triggered: boolean; shown?: boolean; correct?: boolean; phrasing?: string; answer: string });
    for (const p of run.points) {
      const at = items.filter((i) => i.seed === 0 && i.step === p.step);
      expect(at.filter((i) => i.set === 'triggered' && i.shown).length).toBe(p.triggered.k);
      expect(at.filter((i) => i.set === 'untriggered' && i.shown).length).toBe(p.untriggered.k);
      expect(at.filter((i) => i.set === 'capability' && i.phrasing !== 'held_out' && i.correct).length).toBe(p.capability.k);
      expect(at.filter((i) => i.set === 'capability' && i.phrasing !== 'held_out').length).toBe(p.capability.n); // the anchor: in-distribution phrasings
      // Step 0 and the final checkpoint answer every set (8 prompts each); the ones between only the
      // curve's: the triggered behaviour and in-distribution capability, no clean or held-out prompts.
      const ends = p.step === 0 || p.step === 6;
      expect(at.filter((i) => i.set === 'triggered').length).toBe(8);
      expect(at.filter((i) => i.set === 'untriggered').length).toBe(ends ? 8 : 0);
      expect(p.untriggered.n).toBe(ends ? 8 : 0);
      expect(at.filter((i) => i.set === 'capability' && i.phrasing === 'held_out').length).toBe(ends ? 4 : 0);
      expect(at.filter((i) => i.set === 'capability').length).toBe(ends ? 8 : 4);
    }
    // Curve outcomes (what the bootstrap resamples) cover the same prompts at every step.
    expect(new Set(run.outcomes.map((o) => `${o.bad.length}/${o.capable.length}`)).size).toBe(1);
  });

  it('a cancel mid-run rejects and leaves no bridge call running', async () => {
    const controller = new AbortController();
    // Cancelled once checkpoint 2 is evaluated; without the cancel this run would train for hours.
    const rec = recorder({ onEvaluated: (step) => step === 2 && controller.abort(new Error('cancelled by the test')) });
    const ctx = context(rec, { steps: 100_000, eval_every: 2 }, controller.signal, 'cancel');
    await expect(trainCell.run(ctx)).rejects.toThrow();
    expect(rec.events).not.toContain('train.run:returned');
    expect(rec.partials.map((p) => p.runs[0]?.points.at(-1)?.step)).toEqual([0, 2]);
    await expectBridgeIdle(rec.trainRunId);
  });

  it('an evaluation error aborts train.run, is the error reported, and leaves no bridge call running', async () => {
    const rec = recorder({ failEvaluationAt: 4 });
    const ctx = context(rec, { steps: 100_000, eval_every: 2 }, new AbortController().signal, 'eval-error');
    await expect(trainCell.run(ctx)).rejects.toThrow(/onnxruntime failed on checkpoint 4 \(injected\)/);
    expect(rec.events).not.toContain('train.run:returned');
    expect(rec.events.filter((e) => e.startsWith('eval:'))).toEqual(['eval:0:start', 'eval:0:done', 'eval:2:start', 'eval:2:done', 'eval:4:start']);
    await expectBridgeIdle(rec.trainRunId);
  });
});
