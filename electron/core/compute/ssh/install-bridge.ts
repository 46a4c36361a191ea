// "Install or update the bridge on the remote": a copy of python-bridge/organism_bridge and the
// embedded base model (assets/models/base), with the bridge's version in VERSION, sent as one tar
// over ssh, checked file by file with sha256sum -c, and swapped in atomically (the work/ mirror of
// earlier runs is kept). Then the remote python is asked to import it, torch and onnx.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SshCompute } from '../../../shared/compute-schema.js';
import { localChecksums } from './checksums.js';
import { endpointOf, remotePathArg, runSsh, shellQuote, type SshEndpoint } from './ssh-command.js';
import { explainLaunchExit, EXIT_MISSING_DEPENDENCY, EXIT_NO_PYTHON } from './ssh-errors.js';

/** BRIDGE_VERSION of the app's own python-bridge (what a remote install must match). */
export function bridgeVersion(appRoot: string): string {
  const init = readFileSync(path.join(appRoot, 'python-bridge', 'organism_bridge', '__init__.py'), 'utf8');
  return /BRIDGE_VERSION\s*=\s*["']([^"']+)["']/.exec(init)?.[1] ?? 'unknown';
}

/** What travels, relative to the app root. */
const PARTS = ['python-bridge/organism_bridge', 'assets/models/base'] as const;

export interface InstallReport {
  target: string;
  remoteDir: string;
  version: string;
  files: number;
  bytes: number;
  python: string;
  torch: string;
  device: string;
}

function tarOf(appRoot: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('tar', ['cf', '-', '--exclude=__pycache__', '--exclude=*.pyc', ...PARTS], { cwd: appRoot });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`tar of the bridge failed: ${err.trim()}`))));
  });
}

async function checksumList(appRoot: string): Promise<{ list: string; files: number }> {
  const lines: string[] = [];
  for (const part of PARTS) {
    for (const [rel, sum] of await localChecksums(path.join(appRoot, part))) {
      if (!rel.includes('__pycache__') && !rel.endsWith('.pyc')) lines.push(`${sum}  ${part}/${rel}`);
    }
  }
  return { list: lines.join('\n'), files: lines.length };
}

export async function installRemoteBridge(compute: SshCompute, options: { appRoot: string; extraSshArgs?: readonly string[] }): Promise<InstallReport> {
  const endpoint: SshEndpoint = endpointOf(compute, options.extraSshArgs);
  const facts = { endpoint, python: compute.python, bridgeDir: compute.bridgeDir };
  const version = bridgeVersion(options.appRoot);
  const [tarball, sums] = await Promise.all([tarOf(options.appRoot), checksumList(options.appRoot)]);
  const dir = remotePathArg(compute.bridgeDir.replace(/\/+$/, ''));
  const fresh = remotePathArg(`${compute.bridgeDir.replace(/\/+$/, '')}.new`);
  const old = remotePathArg(`${compute.bridgeDir.replace(/\/+$/, '')}.old`);
  const install = [
    'set -e',
    `rm -rf ${fresh} ${old}`,
    `mkdir -p ${fresh}`,
    `tar xf - -C ${fresh}`,
    `cd ${fresh}`,
    `printf '%s\\n' ${shellQuote(sums.list)} | sha256sum -c --quiet -`,
    `printf '%s\\n' ${shellQuote(`organism_bridge ${version}`)} > VERSION`,
    `if [ -e ${dir} ]; then mv ${dir} ${old}; fi`,
    `mv ${fresh} ${dir}`,
    `if [ -d ${old}/work ]; then mv ${old}/work ${dir}/work; fi`,
    `rm -rf ${old}`,
    `cd ${dir}`,
    'pwd',
  ].join('\n');
  const r = await runSsh(endpoint, install, tarball);
  if (r.code !== 0) {
    throw new Error(explainLaunchExit(facts, r.code, r.stderr.split('\n')) ?? `Installing the bridge in ${compute.bridgeDir} on ${compute.target} failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
  }
  const remoteDir = r.stdout.toString('utf8').trim().split('\n').pop() ?? compute.bridgeDir;
  // Can the remote python run it? The same exit codes as the bridge's launch line (ssh-errors.ts).
  const py = shellQuote(compute.python);
  const probe = [
    `cd ${dir}/python-bridge`,
    `command -v ${py} >/dev/null 2>&1 || exit ${EXIT_NO_PYTHON}`,
    `${py} -c 'import sys\ntry:\n import torch, onnx, organism_bridge\nexcept ImportError as e:\n print(e, file=sys.stderr); sys.exit(${EXIT_MISSING_DEPENDENCY})\nprint(sys.version.split()[0], torch.__version__, "cuda" if torch.cuda.is_available() else "cpu")'`,
  ].join(' && ');
  const p = await runSsh(endpoint, probe);
  if (p.code !== 0) {
    throw new Error(explainLaunchExit(facts, p.code, p.stderr.split('\n')) ?? `The bridge was copied to ${remoteDir} on ${compute.target} but ${compute.python} cannot import it: ${p.stderr.trim()}`);
  }
  const [python = '?', torch = '?', device = '?'] = p.stdout.toString('utf8').trim().split(/\s+/);
  return { target: compute.target, remoteDir, version, files: sums.files, bytes: tarball.length, python, torch, device };
}
