// The bridge child process: spawn it, remember the tail of its stderr (for crash reports), and
// stop it politely then firmly (SIGTERM, then SIGKILL) when asked.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const STDERR_TAIL_LINES = 40;

export class BridgeProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves once the process has exited (never rejects). */
  readonly exited: Promise<ExitInfo>;
  /** Resolves once the OS started the process (never, if spawning failed: see `exited`). */
  readonly spawned: Promise<void>;
  private exitInfo: ExitInfo | null = null;
  private readonly tail: string[] = [];
  private partial = '';
  /** Set when spawning itself failed (e.g. ENOENT: no such interpreter). */
  spawnError: Error | null = null;

  /** `args` replaces the interpreter's arguments (a launcher such as ssh runs the bridge further away). */
  constructor(python: string, cwd: string, env: NodeJS.ProcessEnv, onStderrLine?: (line: string) => void, args: readonly string[] = ['-u', '-m', 'organism_bridge']) {
    this.child = spawn(python, [...args], {
      cwd,
      env: { ...env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.spawned = new Promise((resolve) => this.child.once('spawn', () => resolve()));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      const lines = (this.partial + chunk).split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) this.pushLine(line, onStderrLine);
    });
    // Writes to a dead process's stdin raise EPIPE; the exit handler reports the real cause.
    this.child.stdin.on('error', () => {});
    this.exited = new Promise((resolve) => {
      this.child.on('error', (err) => {
        // Spawn failures (ENOENT, EACCES) emit no 'exit': resolve here. Later errors (a failed
        // kill) are followed by 'exit' as usual.
        if (this.child.pid === undefined && !this.exitInfo) {
          this.spawnError = err;
          this.exitInfo = { code: null, signal: null };
          resolve(this.exitInfo);
        }
      });
      this.child.on('exit', (code, signal) => {
        if (this.partial) this.pushLine(this.partial, onStderrLine);
        this.partial = '';
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
    });
  }

  private pushLine(line: string, onLine?: (line: string) => void): void {
    const trimmed = line.replace(/\r$/, '');
    if (!trimmed) return;
    this.tail.push(trimmed);
    if (this.tail.length > STDERR_TAIL_LINES) this.tail.shift();
    onLine?.(trimmed);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exitInfo !== null;
  }

  /** The last stderr lines (at most `n`). */
  stderrTail(n = 15): string[] {
    return this.tail.slice(-n);
  }

  /** SIGTERM, then SIGKILL if still alive after `graceMs`. Resolves when the process is gone. */
  async terminate(graceMs = 2000): Promise<ExitInfo> {
    if (this.exitInfo) return this.exitInfo;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (!this.exitInfo) this.child.kill('SIGKILL');
    }, graceMs);
    const info = await this.exited;
    clearTimeout(timer);
    return info;
  }
}
