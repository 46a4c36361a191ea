// The checkpoints one train.run has announced: where each one's model directory is, its ONNX
// export once it has one, and waiting for an export asked of the running job (train.control). The
// bridge announces a checkpoint again when it exports it later, so an announcement is either new
// or the news that an export is ready.
import { rm } from 'node:fs/promises';
import type { Checkpoint } from '../../bridge/protocol.js';

interface Entry {
  modelDir: string;
  onnxDir: string | null;
  removed: boolean;
}

export class CheckpointFiles {
  private readonly entries = new Map<number, Entry>();
  private readonly waiters = new Map<number, Array<(onnxDir: string | null) => void>>();
  private closed = false;

  /** Records an announcement; true when the step is new (false: an export of a known checkpoint). */
  announce(checkpoint: Checkpoint): boolean {
    const known = this.entries.get(checkpoint.step);
    if (checkpoint.onnx_dir) this.setOnnx(checkpoint.step, checkpoint.onnx_dir, checkpoint.model_dir);
    else if (!known) this.entries.set(checkpoint.step, { modelDir: checkpoint.model_dir, onnxDir: null, removed: false });
    return !known;
  }

  setOnnx(step: number, onnxDir: string, modelDir?: string): void {
    const entry = this.entries.get(step);
    if (entry) entry.onnxDir = onnxDir;
    else if (modelDir) this.entries.set(step, { modelDir, onnxDir, removed: false });
    for (const resolve of this.waiters.get(step) ?? []) resolve(onnxDir);
    this.waiters.delete(step);
  }

  /** Was this step announced? */
  has(step: number): boolean {
    return this.entries.has(step);
  }

  modelDir(step: number): string {
    const entry = this.entries.get(step);
    if (!entry) throw new Error(`No checkpoint was announced at step ${step}.`);
    if (entry.removed) throw new Error(`Checkpoint ${step} was needed after its files were deleted.`);
    return entry.modelDir;
  }

  onnxDir(step: number): string | null {
    return this.entries.get(step)?.onnxDir ?? null;
  }

  /** Resolves with the export once it is announced, or null when train.run ends (or is aborted) first. */
  waitOnnx(step: number, signal: AbortSignal): Promise<string | null> {
    const ready = this.onnxDir(step);
    if (ready !== null || this.closed || signal.aborted) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const onAbort = (): void => resolve(null);
      signal.addEventListener('abort', onAbort, { once: true });
      const list = this.waiters.get(step) ?? [];
      list.push((dir) => {
        signal.removeEventListener('abort', onAbort);
        resolve(dir);
      });
      this.waiters.set(step, list);
    });
  }

  /** train.run is over: no announcement will come, so nobody waits for one. */
  close(): void {
    this.closed = true;
    for (const list of this.waiters.values()) for (const resolve of list) resolve(null);
    this.waiters.clear();
  }

  /** Deletes a checkpoint's files (its export lives inside its model directory). */
  async remove(step: number): Promise<void> {
    const entry = this.entries.get(step);
    if (!entry || entry.removed) return;
    entry.removed = true;
    // The bridge also deletes what ran past a stop: a directory that vanishes meanwhile is not an error.
    await rm(entry.modelDir, { recursive: true, force: true, maxRetries: 3 });
  }

  /** Steps whose files are still on disk. */
  present(): number[] {
    return [...this.entries.entries()].filter(([, e]) => !e.removed).map(([s]) => s);
  }
}
