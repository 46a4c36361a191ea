// Slurm benchmark: one organism cell of the default study (default: lora_r4, its 5 seeds, 100 steps,
// batch 16) built sequentially through one local bridge (how the cell runs without Slurm) and as a
// local Slurm job array (one job per seed, 1 CPU each) on a throwaway one-node Slurm
// (scripts/services/slurm.ts; root only). Prints wall times, the ratio, and whether each seed's
// weights are bit-identical both ways.
// Options: BENCH_SLURM_CELL=<organism cell name>, BENCH_SLURM_SEEDS=0,1 (subset), BENCH_SLURM_STEPS=20.
// Run: node --import tsx tests/bench/slurm-array.bench.ts   (or npm run bench -- slurm)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BridgeClient } from '../../electron/core/bridge/index.js';
import type { ParamsOf } from '../../electron/core/bridge/protocol.js';
import { sha256File } from '../../electron/core/compute/ssh/checksums.js';
import { runSweepOnSlurm } from '../../electron/core/compute/slurm/slurm-sweep.js';
import { ComputeSettingSchema } from '../../electron/shared/compute-schema.js';
import { startTestSlurm } from '../../scripts/services/slurm.js';

const root = path.resolve(new URL('../../', import.meta.url).pathname);
const notebook = JSON.parse(readFileSync(path.join(root, 'assets', 'notebooks', 'default-study.organism.json'), 'utf8')) as { cells: Array<{ kind: string; name: string; config: Record<string, unknown> }> };
const cellName = process.env.BENCH_SLURM_CELL ?? 'lora_r4';
const cell = notebook.cells.find((c) => c.kind === 'organism' && c.name === cellName);
if (!cell) throw new Error(`The default study has no organism cell named ${cellName}; set BENCH_SLURM_CELL to one of its organism cells.`);
const config = cell.config as { kind: 'backdoor'; trigger: string; behaviour: string; method: { type: 'lora'; rank: number } | { type: 'full' }; steps: number; batch_size: number; lr?: number; triggered_fraction?: number; seeds: number[] };
const seeds = process.env.BENCH_SLURM_SEEDS ? process.env.BENCH_SLURM_SEEDS.split(',').map(Number) : config.seeds;
const steps = process.env.BENCH_SLURM_STEPS ? Number(process.env.BENCH_SLURM_STEPS) : config.steps;

const started = await startTestSlurm();
if (!started.ok) {
  console.log(`Slurm bench skipped: ${started.reason}`);
  process.exit(0);
}
const slurm = started.slurm;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'studio-slurm-bench-'));
const params = (seed: number, mode: string): ParamsOf<'organism.build'> => ({
  kind: config.kind,
  trigger: config.trigger,
  behaviour: config.behaviour,
  ...(config.triggered_fraction !== undefined ? { triggered_fraction: config.triggered_fraction } : {}),
  method: config.method,
  steps,
  batch_size: config.batch_size,
  ...(config.lr !== undefined ? { lr: config.lr } : {}),
  seed,
  validate_n: 2,
  out_dir: path.join(tmp, mode, `seed-${seed}`, 'model'),
});

try {
  console.log(`${cellName}: ${seeds.length} seeds × ${steps} steps (batch ${config.batch_size}), ${os.cpus().length} CPUs`);
  const t0 = performance.now();
  const bridge = new BridgeClient();
  for (const seed of seeds) await bridge.call('organism.build', params(seed, 'sequential'));
  await bridge.shutdown();
  const sequential = (performance.now() - t0) / 1000;

  const compute = ComputeSettingSchema.parse({ kind: 'local', slurm: { partition: slurm.partition, cpusPerJob: 1 } });
  const t1 = performance.now();
  await runSweepOnSlurm('organism.build', seeds.map((s) => params(s, 'array')), { compute, slurm: compute.slurm!, env: slurm.env, pollIntervalMs: 500 });
  const array = (performance.now() - t1) / 1000;

  let identical = 0;
  for (const seed of seeds) {
    const a = await sha256File(path.join(tmp, 'sequential', `seed-${seed}`, 'model', 'weights.pt'));
    const b = await sha256File(path.join(tmp, 'array', `seed-${seed}`, 'model', 'weights.pt'));
    if (a === b) identical++;
  }
  const row = (name: string, jobs: string, s: number) => `${name.padEnd(34)}${jobs.padStart(6)}${s.toFixed(1).padStart(10)}${(s / seeds.length).toFixed(1).padStart(12)}${(sequential / s).toFixed(2).padStart(10)}×`;
  console.log(`\n${'mode'.padEnd(34)}${'jobs'.padStart(6)}${'wall s'.padStart(10)}${'s / seed'.padStart(12)}${'speed-up'.padStart(11)}`);
  console.log(row('sequential (one local bridge)', '1', sequential));
  console.log(row('local Slurm job array (1 CPU/job)', String(seeds.length), array));
  const note = identical === seeds.length ? '' : ' (float sums differ with the thread count: 1 per job here, the bridge default sequentially)';
  console.log(`\nweights bit-identical between the two modes: ${identical} of ${seeds.length} seeds${note}`);
} finally {
  await slurm.stop();
  rmSync(tmp, { recursive: true, force: true });
}
