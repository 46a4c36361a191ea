// The notebook's compute setting: what parses, what fails with a message naming the field, the
// setCompute edit, and the ssh pieces that need no server (argv, launch line, failure sentences).
import { describe, expect, it } from 'vitest';
import { applyEdit } from '../../../electron/core/notebook/edit-ops.js';
import { parseSha256sum, differing } from '../../../electron/core/compute/ssh/checksums.js';
import { PathMirror } from '../../../electron/core/compute/ssh/remote-paths.js';
import { remoteBridgeLaunchLine } from '../../../electron/core/compute/ssh/remote-launch.js';
import { sshArgs } from '../../../electron/core/compute/ssh/ssh-command.js';
import { explainLaunchExit } from '../../../electron/core/compute/ssh/ssh-errors.js';
import { ComputeSettingSchema } from '../../../electron/shared/compute-schema.js';
import { NotebookSchema } from '../../../electron/shared/notebook-schema.js';

const messages = (value: unknown): string => {
  const r = ComputeSettingSchema.safeParse(value);
  return r.success ? '' : r.error.issues.map((i) => i.message).join(' | ');
};

describe('compute setting', () => {
  it('fills defaults for an ssh target and keeps slurm options', () => {
    const c = ComputeSettingSchema.parse({ kind: 'ssh', target: 'alice@gpu-box', slurm: { partition: 'gpu', timeLimit: '01:30:00', gpusPerJob: 1, extraSbatch: ['#SBATCH --account=lab'] } });
    expect(c).toMatchObject({ port: 22, python: 'python3', bridgeDir: '~/.organism-studio/bridge', precision: 'fp32' });
    expect(c.slurm).toMatchObject({ enabled: true, partition: 'gpu', gpusPerJob: 1 });
  });

  it('names the field and a valid value when something is wrong', () => {
    expect(messages({ kind: 'ssh', target: 'alice@gpu box' })).toMatch(/compute\.target must be user@host/);
    expect(messages({ kind: 'ssh', target: 'a@b', port: 70000 })).toMatch(/compute\.port/);
    expect(messages({ kind: 'ssh', target: 'a@b', bridgeDir: 'relative/dir' })).toMatch(/compute\.bridgeDir must be an absolute path or start with ~\//);
    expect(messages({ kind: 'ssh', target: 'a@b', python: 'python3; rm -rf /' })).toMatch(/compute\.python/);
    expect(messages({ kind: 'ssh', target: 'a@b', precision: 'fp8' })).toMatch(/fp32.*bf16/);
    expect(messages({ kind: 'cloud' })).toMatch(/compute\.kind must be "local" or "ssh"/);
    expect(messages({ kind: 'local', slurm: { timeLimit: 'an hour' } })).toMatch(/compute\.slurm\.timeLimit must be a Slurm time/);
    expect(messages({ kind: 'local', slurm: { extraSbatch: ['--mem=4G'] } })).toMatch(/#SBATCH --/);
  });

  it('is part of the notebook and set or cleared by the setCompute edit', () => {
    const notebook = NotebookSchema.parse({ format: 'organism-studio-notebook', version: 1, cells: [] });
    const remote = applyEdit(notebook, { op: 'setCompute', compute: ComputeSettingSchema.parse({ kind: 'ssh', target: 'alice@gpu-box' }) });
    expect(NotebookSchema.parse(JSON.parse(JSON.stringify(remote))).compute).toMatchObject({ kind: 'ssh', target: 'alice@gpu-box' });
    expect('compute' in applyEdit(remote, { op: 'setCompute', compute: null })).toBe(false);
    expect(NotebookSchema.safeParse({ ...notebook, compute: { kind: 'ssh', target: '' } }).success).toBe(false);
  });
});

describe('ssh pieces', () => {
  const endpoint = { target: 'alice@gpu-box', port: 2222 };
  it('never lets ssh prompt, and starts the installed bridge with the notebook precision', () => {
    const args = sshArgs(endpoint, 'true');
    expect(args.slice(0, 3)).toEqual(['-T', '-o', 'BatchMode=yes']);
    expect(args).toContain('2222');
    const line = remoteBridgeLaunchLine({ python: 'python3', bridgeDir: '~/studio bridge', precision: 'bf16' });
    expect(line).toContain("cd ~/'studio bridge/python-bridge'");
    expect(line).toContain("ORGANISM_BRIDGE_PRECISION=bf16 'python3' -u -m organism_bridge");
  });

  it('turns exit statuses into one sentence naming the fix', () => {
    const facts = { endpoint, python: 'python3', bridgeDir: '~/b' };
    expect(explainLaunchExit(facts, 255, ['alice@gpu-box: Permission denied (publickey).'])).toMatch(/ssh-copy-id -p 2222 alice@gpu-box/);
    expect(explainLaunchExit(facts, 255, ['ssh: connect to host gpu-box port 2222: Connection refused'])).toMatch(/unreachable/);
    expect(explainLaunchExit(facts, 97, [])).toMatch(/Install or update the bridge on the remote/);
    expect(explainLaunchExit(facts, 98, [])).toMatch(/python3 was not found/);
    expect(explainLaunchExit(facts, 3, [])).toMatch(/PyTorch or onnx is missing/);
    expect(explainLaunchExit(facts, 1, ['Traceback'])).toBeNull();
  });

  it('mirrors local paths under the remote work folder and maps results back', () => {
    const mirror = new PathMirror('/home/alice/.organism-studio/bridge');
    const remote = mirror.toRemote('/data/s.studio/artifacts/ab/model');
    expect(remote).toBe('/home/alice/.organism-studio/bridge/work/data/s.studio/artifacts/ab/model');
    expect(mirror.localize({ checkpoints: [{ model_dir: `${remote}/step-5`, step: 5 }], note: 'work/x' })).toEqual({ checkpoints: [{ model_dir: '/data/s.studio/artifacts/ab/model/step-5', step: 5 }], note: 'work/x' });
  });

  it('reads sha256sum output and lists what differs', () => {
    const a = '0'.repeat(64);
    const b = '1'.repeat(64);
    const sums = parseSha256sum(`${a}  ./weights.pt\n${b}  ./onnx/model.onnx\ngarbage\n`);
    expect([...sums.keys()]).toEqual(['weights.pt', 'onnx/model.onnx']);
    expect(differing(sums, new Map([['weights.pt', a]]))).toEqual(['onnx/model.onnx']);
  });
});
