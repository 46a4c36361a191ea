// A notebook whose compute setting names the SSH target with Slurm on, run headless (npm run study's
// runStudy): the organism cell's two seeds go out as one job array over ssh on the real one-node
// Slurm, come back verified into the notebook's artifact store, and the cell validates them locally.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256File } from '../../../electron/core/compute/ssh/checksums.js';
import { installRemoteBridge } from '../../../electron/core/compute/ssh/install-bridge.js';
import { SshComputeSchema } from '../../../electron/shared/compute-schema.js';
import { startTestSlurm } from '../../../scripts/services/slurm.js';
import { startTestSshd } from '../../../scripts/services/sshd.js';
import { runStudy } from '../../../scripts/study/run-study.js';

const ROOT = path.resolve(__dirname, '../../..');
const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
const slurmStarted = await startTestSlurm();
const sshStarted = slurmStarted.ok ? await startTestSshd({ sessionEnv: { SLURM_CONF: slurmStarted.slurm.env.SLURM_CONF as string } }) : null;
const reason = !slurmStarted.ok ? slurmStarted.reason : sshStarted && !sshStarted.ok ? sshStarted.reason : null;
if (reason) console.warn(`\n  SKIPPED remote study integration test: ${reason}\n`);

describe.skipIf(reason !== null)(`a notebook computing on an SSH target with Slurm${reason ? ` (skipped: ${reason})` : ''}`, () => {
  const slurm = slurmStarted.ok ? slurmStarted.slurm : (null as never);
  const sshd = sshStarted?.ok ? sshStarted.sshd : (null as never);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'studio-remote-study-'));
  const bridgeDir = path.join(tmp, 'remote', 'bridge');
  const previousConfig = process.env.ORGANISM_STUDIO_SSH_CONFIG;

  beforeAll(async () => {
    process.env.ORGANISM_STUDIO_SSH_CONFIG = sshd.sshConfig; // how a user points the app at another ssh_config
    const compute = SshComputeSchema.parse({ kind: 'ssh', target: sshd.target, port: sshd.port, python: '/usr/bin/python3', bridgeDir, slurm: { timeLimit: '10' } });
    await installRemoteBridge(compute, { appRoot: ROOT, extraSshArgs: ['-F', sshd.sshConfig] });
    const fixture = JSON.parse(readFileSync(path.join(ROOT, 'tests', 'fixtures', 'notebooks', 'small-study.organism.json'), 'utf8')) as { cells: Array<{ id: string; config: Record<string, unknown> }> };
    const cells = fixture.cells.filter((c) => ['md0', 'base', 'org'].includes(c.id));
    const org = cells.find((c) => c.id === 'org')!;
    org.config = { ...org.config, seeds: [0, 1], steps: 30, eval: { n: 8, seed: 1000, maxNewTokens: 24 } };
    writeFileSync(path.join(tmp, 'remote.organism.json'), JSON.stringify({ ...fixture, cells, compute }, null, 1));
  });

  afterAll(async () => {
    if (previousConfig === undefined) delete process.env.ORGANISM_STUDIO_SSH_CONFIG;
    else process.env.ORGANISM_STUDIO_SSH_CONFIG = previousConfig;
    await sshd?.stop();
    await slurm?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('builds both seeds as a job array over ssh and validates them from the local artifact store', async () => {
    const summary = await runStudy([path.join(tmp, 'remote.organism.json'), '--quiet']);
    expect(summary.failed).toEqual([]);
    expect(summary.outcomes.map((o) => `${o.cellName}:${o.status}`)).toEqual(['base:done', 'backdoor:done']);
    const artifacts = path.join(tmp, 'remote.studio', 'artifacts');
    const organismDir = readdirSync(artifacts).map((h) => path.join(artifacts, h)).find((d) => existsSync(path.join(d, 'seed-1', 'model', 'weights.pt')));
    expect(organismDir).toBeDefined();
    // The cell wrote into the engine's staging folder (renamed into place afterwards): its remote mirror keeps that path.
    const remoteFiles = walk(path.join(bridgeDir, 'work'));
    for (const seed of [0, 1]) {
      const local = path.join(organismDir as string, `seed-${seed}`, 'model', 'weights.pt');
      const mirrored = remoteFiles.filter((f) => f.endsWith(`/seed-${seed}/model/weights.pt`));
      expect(mirrored).toHaveLength(1);
      expect(await sha256File(local)).toBe(await sha256File(mirrored[0] as string));
      expect(existsSync(path.join(organismDir as string, `seed-${seed}`, 'onnx', 'model.onnx'))).toBe(true);
    }
    // The array's own files (one result per task) sit in a .slurm folder of that mirror.
    expect(remoteFiles.filter((f) => /\/\.slurm\/organism-build-[^/]+\/result-\d\.json$/.test(f)).map((f) => path.basename(f)).sort()).toEqual(['result-0.json', 'result-1.json']);
  }, 300_000);
});
