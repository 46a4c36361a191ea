// The system's OpenSSH client, run the way the app always runs it: no tty, BatchMode (a password or
// passphrase prompt fails at once instead of hanging the app), keep-alives so a dead link is noticed,
// and the user's own ~/.ssh/config and keys. `extraArgs` (e.g. ["-F", file]) come before the target.
import { spawn } from 'node:child_process';
import type { SshCompute } from '../../../shared/compute-schema.js';

export interface SshEndpoint {
  target: string;
  port: number;
  /** Extra ssh options, e.g. ["-F", "/path/ssh_config"] (tests) or ["-i", key]. */
  extraArgs?: readonly string[];
}

export const SSH_BINARY = process.env.ORGANISM_STUDIO_SSH ?? 'ssh';

export function endpointOf(compute: SshCompute, extraArgs: readonly string[] = defaultExtraArgs()): SshEndpoint {
  return { target: compute.target, port: compute.port, extraArgs };
}

/** ORGANISM_STUDIO_SSH_CONFIG: an ssh_config file to use instead of ~/.ssh/config. */
export function defaultExtraArgs(env: NodeJS.ProcessEnv = process.env): string[] {
  const config = env.ORGANISM_STUDIO_SSH_CONFIG?.trim();
  return config ? ['-F', config] : [];
}

export function sshArgs(endpoint: SshEndpoint, remoteCommand: string): string[] {
  return [
    '-T',
    '-o', 'BatchMode=yes',
    '-o', 'ConnectTimeout=15',
    '-o', 'ServerAliveInterval=5',
    '-o', 'ServerAliveCountMax=3',
    '-p', String(endpoint.port),
    ...(endpoint.extraArgs ?? []),
    '--',
    endpoint.target,
    remoteCommand,
  ];
}

/** Single-quote for the remote POSIX shell. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A path for the remote shell: `~/x` keeps its tilde unquoted so the shell expands it. */
export function remotePathArg(value: string): string {
  return value.startsWith('~/') ? `~/${shellQuote(value.slice(2))}` : shellQuote(value);
}

export interface SshResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

/** Run one remote command; `input` is written to its stdin. Never rejects for a non-zero exit. */
export function runSsh(endpoint: SshEndpoint, remoteCommand: string, input?: Buffer | NodeJS.ReadableStream): Promise<SshResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(SSH_BINARY, sshArgs(endpoint, remoteCommand), { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (err += chunk));
    child.stdin.on('error', () => {}); // the exit status says what went wrong
    child.on('error', (e) => reject(new Error(`Cannot run ${SSH_BINARY}: ${e.message}. Install the OpenSSH client (sudo apt-get install openssh-client).`)));
    child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out), stderr: err }));
    if (input === undefined) child.stdin.end();
    else if (Buffer.isBuffer(input)) child.stdin.end(input);
    else input.pipe(child.stdin);
  });
}
