// Training emits progress far faster than a UI can draw. Forward at most one update per interval
// per cell, and always deliver the latest one (a trailing flush), so the UI never shows stale numbers.
export class ProgressThrottle<T> {
  private last = 0;
  private pending: T | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly emit: (value: T) => void,
    private readonly intervalMs = 100,
  ) {}

  push(value: T): void {
    const now = Date.now();
    if (now - this.last >= this.intervalMs && !this.timer) {
      this.last = now;
      this.emit(value);
      return;
    }
    this.pending = value;
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), Math.max(0, this.intervalMs - (now - this.last)));
    }
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending !== null) {
      const value = this.pending;
      this.pending = null;
      this.last = Date.now();
      this.emit(value);
    }
  }

  /** Drops any pending update (the run ended; its final status supersedes progress). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }
}
