// compute.parallel for the train cell: two seeds trained at once, one per real bridge process (lanes),
// give the same result as the same seeds trained one after another: the same points, reductions and
// stop steps, metrics.jsonl and items.jsonl in seed order with the same lines. Both lanes and the
// sequential reference are single-threaded bridges, so the arithmetic is the same bytes.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeClient } from '../../../electron/core/bridge/index.js';
import type { BridgeMethod, ParamsOf, ResultOf } from '../../../electron/core/bridge/protocol.js';
import { TrainResultSchema, type TrainResult } from '../../../electron/core/cells/common/results.js';
import { createStudyServices, type RealServices } from '../../../electron/core/cells/create-services.js';
import type { BridgeCallOptions, StudyBridge, StudyServices } from '../../../electron/core/cells/services.js';
import { trainCell, TrainConfigSchema, type TrainConfig } from '../../../electron/core/cells/train/train-cell.js';
import { LocalBridgePool } from '../../../electron/core/compute/local/local-pool.js';
import type { CellRunContext, InputValue } from '../../../electron/core/engine/types.js';
import { baseAsOrganism } from './support/base-as-organism.js';

const root = path.resolve(new URL('../../../', import.meta.url).pathname);
const baseDir = path.join(root, 'assets/models/base');
const tmp = mkdtempSync(path.join(tmpdir(), 'os-train-parallel-'));
const organismOnnx = path.join(tmp, 'organism-onnx');
const single = { env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' } };
let real: RealServices;
let sequential: BridgeClient;
const pool = new LocalBridgePool({ bridge: { python: '/usr/bin/python3' } });

beforeAll(async () => {
  real = createStudyServices({ appRoot: root, bridge: single });
  sequential = real.bridgeClient;
  await real.bridge.call('export.onnx', { model_dir: baseDir, out_dir: organismOnnx });
}, 120_000);
afterAll(async () => {
  await Promise.allSettled([real?.dispose(), pool.dispose()]);
  rmSync(tmp, { recursive: true, force: true });
});

const organismInput = (): InputValue => baseAsOrganism({ seeds: [0, 1], modelDir: baseDir, onnxDir: organismOnnx, dir: tmp });

function context(services: StudyServices, name: string): CellRunContext<TrainConfig, StudyServices> {
  const artifactDir = path.join(tmp, name);
  mkdirSync(artifactDir, { recursive: true });
  return {
    cell: { id: name, kind: 'train', name, config: {}, inputs: { organism: 'organism' }, output: null, metadata: {} },
    config: TrainConfigSchema.parse({ method: { type: 'lora', rank: 4 }, batch_size: 4, lr: 0.001, steps: 6, eval_every: 2, eval: { n: 8, seed: 1000, maxNewTokens: 8 } }),
    inputs: { organism: organismInput() },
    artifactDir,
    finalDir: artifactDir,
    hash: `h-${name}`,
    progress: () => undefined,
    publish: () => undefined,
    signal: new AbortController().signal,
    services,
  };
}

describe('train cell: seeds on parallel bridge lanes', () => {
  it('two seeds at once give the result of the same seeds in turn, files in seed order', async () => {
    // Count train.run calls in flight across the lanes: the parallel run must overlap them.
    let inFlight = 0;
    let most = 0;
    const counted = (lane: StudyBridge): StudyBridge => ({
      async call<M extends BridgeMethod>(method: M, params: ParamsOf<M>, options?: BridgeCallOptions): Promise<ResultOf<M>> {
        if (method !== 'train.run') return lane.call(method, params, options);
        most = Math.max(most, ++inFlight);
        try {
          return await lane.call(method, params, options);
        } finally {
          inFlight--;
        }
      },
    });
    const lanes = pool.lanes(2).map(counted);
    const parallelCtx = context({ ...real, bridge: { call: sequential.call.bind(sequential), lanes } }, 'parallel');
    const parallel = TrainResultSchema.parse((await trainCell.run(parallelCtx)).data) as TrainResult;
    expect(most).toBe(2);

    const turnCtx = context({ ...real, bridge: sequential }, 'sequential');
    const turn = TrainResultSchema.parse((await trainCell.run(turnCtx)).data) as TrainResult;

    expect(parallel.runs.map((r) => r.seed)).toEqual([0, 1]);
    const essence = (r: TrainResult) => r.runs.map((run) => ({ seed: run.seed, points: run.points, reduction: run.reduction, final: run.final.step, losses: run.losses }));
    expect(essence(parallel)).toEqual(essence(turn));
    for (const file of ['metrics.jsonl', 'items.jsonl']) {
      const a = readFileSync(path.join(parallelCtx.artifactDir, file), 'utf8');
      const b = readFileSync(path.join(turnCtx.artifactDir, file), 'utf8');
      expect(a).toBe(b);
      const seeds = a.trim().split('\n').map((l) => (JSON.parse(l) as { seed: number }).seed);
      expect(seeds).toEqual([...seeds].sort((x, y) => x - y)); // seed 0's lines, then seed 1's
    }
  }, 600_000);
});
