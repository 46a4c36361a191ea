// Where Slurm's commands run and its files live: this machine (sbatch on PATH) or the SSH target
// (the same ssh client and options as the remote bridge). The array code talks only to this seam.
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runSsh, shellQuote, type SshEndpoint } from '../ssh/ssh-command.js';
import { explainSshFailure } from '../ssh/ssh-errors.js';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface SlurmSite {
  /** "this machine" or "alice@gpu-box", for messages. */
  readonly label: string;
  run(command: string, args: readonly string[]): Promise<CommandResult>;
  /** The file's text, or null when it does not exist (yet). */
  readText(file: string): Promise<string | null>;
  writeText(file: string, text: string): Promise<void>;
}

export class LocalSite implements SlurmSite {
  readonly label = 'this machine';
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  run(command: string, args: readonly string[]): Promise<CommandResult> {
    return new Promise((resolve) => {
      const child = spawn(command, [...args], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', (e) => resolve({ code: 127, stdout, stderr: `${command}: ${e.message}` }));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  async readText(file: string): Promise<string | null> {
    return readFile(file, 'utf8').catch(() => null);
  }

  async writeText(file: string, text: string): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
}

export class SshSite implements SlurmSite {
  readonly label: string;
  constructor(private readonly endpoint: SshEndpoint) {
    this.label = endpoint.target;
  }

  async run(command: string, args: readonly string[]): Promise<CommandResult> {
    const r = await runSsh(this.endpoint, [command, ...args].map(shellQuote).join(' '));
    const stderr = r.code === 255 ? (explainSshFailure(this.endpoint, r.stderr) ?? r.stderr) : r.stderr;
    return { code: r.code, stdout: r.stdout.toString('utf8'), stderr };
  }

  async readText(file: string): Promise<string | null> {
    const r = await runSsh(this.endpoint, `cat ${shellQuote(file)} 2>/dev/null || exit 44`);
    if (r.code === 44) return null;
    if (r.code !== 0) throw new Error(explainSshFailure(this.endpoint, r.stderr) ?? `Reading ${file} on ${this.label} failed: ${r.stderr.trim()}`);
    return r.stdout.toString('utf8');
  }

  async writeText(file: string, text: string): Promise<void> {
    const r = await runSsh(this.endpoint, `mkdir -p ${shellQuote(path.posix.dirname(file))} && cat > ${shellQuote(file)}`, Buffer.from(text));
    if (r.code !== 0) throw new Error(explainSshFailure(this.endpoint, r.stderr) ?? `Writing ${file} on ${this.label} failed: ${r.stderr.trim()}`);
  }
}
