// A one-line progress display on stderr: which cell, how far, loss, speed, ETA. Redraws in place on
// a terminal; prints a line per phase change when stderr is a file or pipe (CI logs stay readable).
import type { CellProgressEvent } from '../../electron/core/engine/engine.js';

export class ProgressBar {
  private lastPhase = '';
  private readonly tty = process.stderr.isTTY === true;

  constructor(private readonly names: Map<string, string>, private readonly total: number) {}

  private done = 0;

  cellFinished(): void {
    this.done += 1;
  }

  update(event: CellProgressEvent): void {
    const name = this.names.get(event.cellId) ?? event.cellId;
    const frac = event.total ? Math.min(1, (event.step ?? 0) / event.total) : null;
    const width = 20;
    const bar = frac === null ? '' : `▕${'█'.repeat(Math.round(frac * width)).padEnd(width, '░')}▏ ${event.step}/${event.total}`;
    const extras = [
      event.loss !== undefined ? `loss ${event.loss.toFixed(3)}` : '',
      event.tokensPerSec !== undefined ? `${Math.round(event.tokensPerSec)} tok/s` : '',
      event.etaSec !== undefined ? `ETA ${Math.round(event.etaSec)}s` : '',
      event.message ?? '',
    ].filter(Boolean);
    const line = `[${this.done + 1}/${this.total}] ${name} ${event.phase} ${bar} ${extras.join('  ')}`;
    if (this.tty) {
      process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 120) - 1)}`);
    } else {
      const key = `${name}/${event.phase}/${event.message ?? ''}`;
      if (key !== this.lastPhase) process.stderr.write(`${line}\n`);
      this.lastPhase = key;
    }
  }

  log(text: string): void {
    process.stderr.write(`${this.tty ? '\r\x1b[2K' : ''}${text}\n`);
  }
}
