// The live loss curve of a streaming training run, accumulated from `cell.progress` events
// (the core throttles them to ~10/s). A new run (status back to queued) starts a fresh curve.
import type { CellProgress } from '../types.js';

export class LiveCurve {
  points = $state<Array<{ run: string; step: number; loss: number }>>([]);
  latest = $state<CellProgress | null>(null);

  reset(): void {
    this.points = [];
    this.latest = null;
  }

  push(progress: CellProgress): void {
    this.latest = progress;
    if (progress.phase !== 'train' || progress.loss === undefined || progress.step === undefined) return;
    const run = progress.message ?? '';
    const last = this.points.at(-1);
    if (last && last.run === run && last.step === progress.step) return;
    this.points = [...this.points, { run, step: progress.step, loss: progress.loss }];
  }
}
