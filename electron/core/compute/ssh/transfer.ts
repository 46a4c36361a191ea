// Moving model folders between this machine and the SSH target, with no shared file system: only
// files whose SHA-256 differs travel (tar over the same ssh client), and every file is verified
// against the sender's checksum before it is used. Pulls land in a hidden staging folder beside the
// target and are renamed into place once verified; the remote side keeps its copy either way.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { differing, localChecksums, parseSha256sum, remoteChecksumCommand, sha256File, type Checksums } from './checksums.js';
import { explainSshFailure } from './ssh-errors.js';
import { remotePathArg, runSsh, shellQuote, type SshEndpoint } from './ssh-command.js';

export class TransferError extends Error {
  override name = 'TransferError';
  /** ssh itself failed (exit 255): the link, not the data; a retry on a new connection may succeed. */
  constructor(message: string, readonly connectionLost = false) {
    super(message);
  }
}

export interface TransferReport {
  files: number;
  bytes: number;
}

function sshFailed(endpoint: SshEndpoint, what: string, code: number | null, stderr: string): TransferError {
  const why = code === 255 ? explainSshFailure(endpoint, stderr) : null;
  return new TransferError(why ?? `${what} on ${endpoint.target} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ') || 'no message'}; run the cell again.`, code === 255);
}

export async function remoteChecksums(endpoint: SshEndpoint, remoteDir: string): Promise<Checksums> {
  const r = await runSsh(endpoint, remoteChecksumCommand(remotePathArg(remoteDir)));
  if (r.code !== 0) throw sshFailed(endpoint, `Listing ${remoteDir}`, r.code, r.stderr);
  return parseSha256sum(r.stdout.toString('utf8'));
}

function runTar(args: string[], cwd: string, input?: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('tar', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', (e) => reject(new TransferError(`Cannot run tar: ${e.message}; install it (sudo apt-get install tar).`)));
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new TransferError(`tar ${args[0]} failed in ${cwd}: ${err.trim()}`))));
    child.stdin.end(input ?? Buffer.alloc(0));
  });
}

/** Bring `remoteDir` to `localDir` (only what differs), verified file by file. */
export async function pullDir(endpoint: SshEndpoint, remoteDir: string, localDir: string): Promise<TransferReport> {
  const remote = await remoteChecksums(endpoint, remoteDir);
  if (remote.size === 0) throw new TransferError(`${remoteDir} on ${endpoint.target} is empty or missing; the remote bridge wrote nothing there.`);
  const need = differing(remote, await localChecksums(localDir));
  if (need.length === 0) return { files: 0, bytes: 0 };
  const names = Buffer.from(need.map((rel) => `./${rel}`).join('\0') + '\0');
  const r = await runSsh(endpoint, `cd ${remotePathArg(remoteDir)} && tar cf - --null -T -`, names);
  if (r.code !== 0) throw sshFailed(endpoint, `Sending ${remoteDir}`, r.code, r.stderr);
  mkdirSync(path.dirname(localDir), { recursive: true });
  const staging = mkdtempSync(path.join(path.dirname(localDir), `.${path.basename(localDir)}.pull-`));
  try {
    await runTar(['xf', '-'], staging, r.stdout);
    for (const rel of need) {
      const got = await sha256File(path.join(staging, rel)).catch(() => 'missing');
      if (got !== remote.get(rel)) {
        throw new TransferError(`${rel} of ${remoteDir} arrived damaged (SHA-256 ${got.slice(0, 12)}… instead of ${remote.get(rel)?.slice(0, 12)}…); the remote copy is kept, run the cell again.`);
      }
    }
    for (const rel of need) {
      const target = path.join(localDir, rel);
      mkdirSync(path.dirname(target), { recursive: true });
      renameSync(path.join(staging, rel), target);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { files: need.length, bytes: r.stdout.length };
}

/** Bring `localDir` to `remoteDir` (only what differs); the remote checks every file with sha256sum -c. */
export async function pushDir(endpoint: SshEndpoint, localDir: string, remoteDir: string, only?: ReadonlySet<string>): Promise<TransferReport> {
  const all = await localChecksums(localDir);
  const local = only ? new Map([...all].filter(([rel]) => only.has(rel))) : all;
  if (local.size === 0) throw new TransferError(`${localDir} is empty or missing; nothing to send to ${endpoint.target}.`);
  const need = differing(local, await remoteChecksums(endpoint, remoteDir));
  if (need.length === 0) return { files: 0, bytes: 0 };
  const tarball = await runTar(['cf', '-', '--null', '-T', '-'], localDir, Buffer.from(need.map((rel) => `./${rel}`).join('\0') + '\0'));
  const list = need.map((rel) => `${local.get(rel)}  ./${rel}`).join('\n');
  const dir = remotePathArg(remoteDir);
  const command = `mkdir -p ${dir} && cd ${dir} && tar xf - && printf '%s\\n' ${shellQuote(list)} | sha256sum -c --quiet -`;
  const r = await runSsh(endpoint, command, tarball);
  if (r.code !== 0) throw sshFailed(endpoint, `Receiving ${localDir} into ${remoteDir}`, r.code, r.stderr);
  return { files: need.length, bytes: tarball.length };
}
