// A FIFO queue that runs one job at a time (the bridge trains one model at a time, and on a
// 2-core machine parallel runs would only slow each other down). Jobs are cancellable while
// queued (removed) or running (their AbortSignal fires; the job decides how to stop).
export interface QueuedJob<T> {
  key: string;
  run(signal: AbortSignal): Promise<T>;
}

interface Pending<T> {
  job: QueuedJob<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export class JobCancelledError extends Error {
  constructor(key: string) {
    super(`Run of "${key}" was cancelled.`);
    this.name = 'JobCancelledError';
  }
}

export class RunQueue {
  private readonly pending: Array<Pending<unknown>> = [];
  private running: { key: string; controller: AbortController } | null = null;

  get runningKey(): string | null {
    return this.running?.key ?? null;
  }

  get queuedKeys(): string[] {
    return this.pending.map((p) => p.job.key);
  }

  has(key: string): boolean {
    return this.running?.key === key || this.pending.some((p) => p.job.key === key);
  }

  enqueue<T>(job: QueuedJob<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ job, resolve, reject } as Pending<unknown>);
      this.pump();
    });
  }

  /** Cancels the matching queued and running jobs (all when `keys` is omitted); returns their keys. */
  cancel(keys?: ReadonlySet<string>): string[] {
    const cancelled: string[] = [];
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const item = this.pending[i] as Pending<unknown>;
      if (!keys || keys.has(item.job.key)) {
        this.pending.splice(i, 1);
        cancelled.unshift(item.job.key);
        item.reject(new JobCancelledError(item.job.key));
      }
    }
    if (this.running && (!keys || keys.has(this.running.key))) {
      cancelled.unshift(this.running.key);
      this.running.controller.abort(new JobCancelledError(this.running.key));
    }
    return cancelled;
  }

  private pump(): void {
    if (this.running) return;
    const next = this.pending.shift();
    if (!next) return;
    const controller = new AbortController();
    this.running = { key: next.job.key, controller };
    void next.job
      .run(controller.signal)
      .then(
        (value) => (controller.signal.aborted ? next.reject(controller.signal.reason) : next.resolve(value)),
        (error: unknown) => next.reject(controller.signal.aborted ? controller.signal.reason : error),
      )
      .finally(() => {
        this.running = null;
        this.pump();
      });
  }
}
