// Config/inputs changes from cell components, debounced per cell so a burst of typing becomes
// one `updateCell` edit (one undo step per pause). Flushed before anything that must see them:
// save, run, undo, leaving edit mode, closing the window.
import type { CellConfig, CellInputs } from '../cells/types.js';

export type CellPatch = { config?: CellConfig; inputs?: CellInputs };

export class PendingEdits {
  readonly #pending = new Map<string, { timer: ReturnType<typeof setTimeout>; patch: CellPatch }>();
  readonly #send: (cellId: string, patch: CellPatch) => void;
  readonly #delayMs: number;

  constructor(send: (cellId: string, patch: CellPatch) => void, delayMs: number) {
    this.#send = send;
    this.#delayMs = delayMs;
  }

  get size(): number {
    return this.#pending.size;
  }

  /** The patches not sent yet, per cell (to show them on top of the core's last reply). */
  patches(): Array<[string, CellPatch]> {
    return [...this.#pending].map(([id, { patch }]) => [id, patch]);
  }

  queue(cellId: string, patch: CellPatch): void {
    const pending = this.#pending.get(cellId);
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => this.flush(cellId), this.#delayMs);
    this.#pending.set(cellId, { timer, patch: { ...pending?.patch, ...patch } });
  }

  /** Send the pending patch of one cell (or of every cell) now. */
  flush(cellId?: string): void {
    const ids = cellId === undefined ? [...this.#pending.keys()] : [cellId];
    for (const id of ids) {
      const pending = this.#pending.get(id);
      if (!pending) continue;
      clearTimeout(pending.timer);
      this.#pending.delete(id);
      this.#send(id, pending.patch);
    }
  }

  /** Forget a cell's pending patch (the cell is being deleted) or all of them (another document). */
  drop(cellId?: string): void {
    const ids = cellId === undefined ? [...this.#pending.keys()] : [cellId];
    for (const id of ids) {
      const pending = this.#pending.get(id);
      if (pending) clearTimeout(pending.timer);
      this.#pending.delete(id);
    }
  }
}
