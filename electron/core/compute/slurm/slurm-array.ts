// One job array: submit (requests.json + the batch script, `sbatch --parsable`), poll each task's state
// (squeue, then sacct, then the task's own result file) and progress (its events file), cancel
// (`scancel`), and collect every task's result; a failed task brings its stderr tail.
import path from 'node:path';
import type { SlurmOptions } from '../../../shared/compute-schema.js';
import type { SlurmSite } from './command-runner.js';
import { renderArrayScript } from './sbatch-script.js';
import { parseArrayStates, parseJobId, TERMINAL_STATES } from './squeue.js';

export interface BridgeRequest {
  method: string;
  params: Record<string, unknown>;
}

export interface TaskState {
  task: number;
  /** "12_0" */
  jobId: string;
  state: string;
  step?: number;
  total?: number;
}

export interface TaskOutcome extends TaskState {
  result?: unknown;
  error?: string;
}

export interface SubmitInput {
  requests: BridgeRequest[];
  workDir: string;
  pythonBridgeDir: string;
  python: string;
  precision: 'fp32' | 'bf16';
  options: SlurmOptions;
  jobName: string;
}

export class SlurmError extends Error {
  override name = 'SlurmError';
}

const STDERR_TAIL = 12;

export class SlurmArray {
  private cancelled = false;

  private constructor(
    private readonly site: SlurmSite,
    readonly jobId: string,
    readonly tasks: number,
    readonly workDir: string,
  ) {}

  static async submit(site: SlurmSite, input: SubmitInput): Promise<SlurmArray> {
    if (input.requests.length === 0) throw new SlurmError('Nothing to submit: the job array has no tasks.');
    await site.writeText(path.posix.join(input.workDir, 'requests.json'), JSON.stringify(input.requests));
    const script = path.posix.join(input.workDir, 'array.sbatch');
    await site.writeText(script, renderArrayScript({ ...input, tasks: input.requests.length }));
    const r = await site.run('sbatch', ['--parsable', script]);
    const jobId = r.code === 0 ? parseJobId(r.stdout) : null;
    if (!jobId && (r.code === 127 || /sbatch: (command )?not found|command not found/.test(r.stderr))) {
      throw new SlurmError(`sbatch is not available on ${site.label}: install Slurm's client commands there (Debian: sudo apt-get install slurm-client) or turn off compute.slurm.`);
    }
    if (!jobId) throw new SlurmError(`sbatch refused the job array on ${site.label}: ${r.stderr.trim() || r.stdout.trim() || `exit ${r.code}`}. Check compute.slurm (partition, time limit, GPUs, extra #SBATCH lines).`);
    return new SlurmArray(site, jobId, input.requests.length, input.workDir);
  }

  private file(name: string): string {
    return path.posix.join(this.workDir, name);
  }

  private async resultOf(task: number): Promise<{ result?: unknown; error?: { message?: string } } | null> {
    const text = await this.site.readText(this.file(`result-${task}.json`));
    if (text === null) return null;
    try {
      return JSON.parse(text) as { result?: unknown; error?: { message?: string } };
    } catch {
      return null; // written atomically: a partial file is never seen, but a foreign one might be
    }
  }

  private async progressOf(task: number): Promise<{ step: number; total: number } | null> {
    const r = await this.site.run('tail', ['-n', '1', this.file(`result-${task}.json.events.jsonl`)]);
    try {
      const event = JSON.parse(r.stdout) as { method?: string; params?: { step?: number; total?: number } };
      const p = event.params;
      return event.method === 'progress' && typeof p?.step === 'number' && typeof p.total === 'number' ? { step: p.step, total: p.total } : null;
    } catch {
      return null;
    }
  }

  /** Every task's state now: squeue first, then sacct, then the task's result file. */
  async poll(): Promise<TaskState[]> {
    const q = await this.site.run('squeue', ['-h', '--states=all', '-j', this.jobId, '-o', '%i|%T']);
    const states = q.code === 0 ? parseArrayStates(q.stdout, this.jobId) : new Map<number, string>();
    if (states.size < this.tasks) {
      const s = await this.site.run('sacct', ['-n', '-P', '-X', '-j', this.jobId, '-o', 'JobID,State']);
      if (s.code === 0) for (const [task, state] of parseArrayStates(s.stdout, this.jobId)) if (!states.has(task)) states.set(task, state);
    }
    const out: TaskState[] = [];
    for (let task = 0; task < this.tasks; task++) {
      let state = states.get(task);
      if (!state) {
        const result = await this.resultOf(task);
        state = result ? (result.error ? 'FAILED' : 'COMPLETED') : this.cancelled ? 'CANCELLED' : 'UNKNOWN';
      }
      const progress = state === 'RUNNING' ? await this.progressOf(task) : null;
      out.push({ task, jobId: `${this.jobId}_${task}`, state, ...(progress ?? {}) });
    }
    return out;
  }

  async cancel(): Promise<void> {
    this.cancelled = true;
    const r = await this.site.run('scancel', [this.jobId]);
    if (r.code !== 0) throw new SlurmError(`scancel ${this.jobId} failed on ${this.site.label}: ${r.stderr.trim()}`);
  }

  /** The last lines a task wrote to stderr (its Python traceback, Slurm's own complaints). */
  async stderrTail(task: number, lines = STDERR_TAIL): Promise<string[]> {
    const text = (await this.site.readText(this.file(`task-${task}.err`))) ?? '';
    return text.split('\n').filter((l) => l.trim()).slice(-lines);
  }

  /**
   * Poll until every task has ended; `signal` cancels the array (scancel). Tasks that stay UNKNOWN
   * (gone from squeue, no accounting, no result) for `unknownPolls` polls end as LOST.
   */
  async wait(options: { intervalMs?: number; signal?: AbortSignal; onUpdate?: (states: TaskState[]) => void; unknownPolls?: number } = {}): Promise<TaskOutcome[]> {
    const interval = options.intervalMs ?? 2000;
    const unknownSince = new Map<number, number>();
    for (;;) {
      if (options.signal?.aborted && !this.cancelled) await this.cancel();
      const states = await this.poll();
      for (const s of states) {
        if (s.state !== 'UNKNOWN') unknownSince.delete(s.task);
        else {
          unknownSince.set(s.task, (unknownSince.get(s.task) ?? 0) + 1);
          if ((unknownSince.get(s.task) ?? 0) >= (options.unknownPolls ?? 15)) s.state = 'LOST';
        }
      }
      options.onUpdate?.(states);
      if (states.every((s) => TERMINAL_STATES.has(s.state) || s.state === 'LOST')) return this.collect(states);
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }

  private async collect(states: TaskState[]): Promise<TaskOutcome[]> {
    const outcomes: TaskOutcome[] = [];
    for (const s of states) {
      const reply = await this.resultOf(s.task);
      if (s.state === 'COMPLETED' && reply && 'result' in reply && !reply.error) {
        outcomes.push({ ...s, result: reply.result });
        continue;
      }
      const tail = await this.stderrTail(s.task);
      const why = reply?.error?.message ?? (s.state === 'CANCELLED' ? 'cancelled (scancel)' : `ended ${s.state} without a result`);
      outcomes.push({ ...s, state: s.state === 'COMPLETED' ? 'FAILED' : s.state, error: `${why}${tail.length ? `\nLast stderr lines of ${s.jobId}:\n${tail.join('\n')}` : ''}` });
    }
    return outcomes;
  }
}

/** "12_0 RUNNING 40/80 · 12_1 PENDING": the per-job line a cell shows while its array runs. */
export function describeStates(states: readonly TaskState[], labels?: readonly string[]): string {
  return states
    .map((s) => `${labels?.[s.task] ? `${labels[s.task]} ` : ''}job ${s.jobId} ${s.state}${s.step !== undefined && s.total ? ` ${s.step}/${s.total}` : ''}`)
    .join(' · ');
}
