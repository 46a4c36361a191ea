// In-order, one-at-a-time async work whose first failure stops the rest. The train cell evaluates
// checkpoints as the bridge announces them: one evaluation at a time (the ONNX worker is one
// thread; two evaluations would only slow each other down), in step order (metrics.jsonl and the
// live curve grow by step), and an evaluation error must stop the training it belongs to.
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;

  /** `onError` runs once, at the first failure (e.g. to abort the bridge call the tasks feed on). */
  constructor(private readonly onError: (error: unknown) => void = () => undefined) {}

  get failed(): boolean {
    return this.failure !== null;
  }

  /** The first task's error, if one failed. */
  get error(): unknown {
    return this.failure?.error;
  }

  push(task: () => Promise<void>): void {
    this.tail = this.tail.then(async () => {
      if (this.failure) return; // after a failure the remaining tasks are skipped, not run
      try {
        await task();
      } catch (error) {
        this.failure = { error };
        this.onError(error);
      }
    });
  }

  /** Resolves when every task pushed so far (and while waiting) has run; rejects with the first failure. */
  async drain(): Promise<void> {
    let tail: Promise<void>;
    do {
      tail = this.tail;
      await tail;
    } while (tail !== this.tail);
    if (this.failure) throw this.failure.error;
  }

  /** Like drain, but never rejects: for cleanup paths that report another error. */
  async settle(): Promise<void> {
    await this.drain().catch(() => undefined);
  }
}
