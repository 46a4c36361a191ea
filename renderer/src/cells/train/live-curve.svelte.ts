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

  figure(): { data: Array<Record<string, unknown>>; layout: Record<string, unknown> } {
    const runs = [...new Set(this.points.map((p) => p.run))];
    return {
      data: runs.map((run) => ({
        type: 'scatter',
        mode: 'lines',
        name: run || 'loss',
        x: this.points.filter((p) => p.run === run).map((p) => p.step),
        y: this.points.filter((p) => p.run === run).map((p) => p.loss),
      })),
      layout: { title: { text: 'live training loss' }, xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'loss' } }, margin: { t: 40, r: 10, b: 40, l: 50 }, showlegend: runs.length > 1 },
    };
  }
}
