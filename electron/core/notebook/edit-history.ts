// Undo/redo as a bounded stack of earlier notebook versions. Edits are pure (see edit-ops.ts), so a
// version is just a reference and the memory cost of an entry is the cells that edit replaced.
import type { Notebook } from '../../shared/notebook-schema.js';

export const DEFAULT_UNDO_LIMIT = 200;

export class EditHistory {
  private readonly undoStack: Notebook[] = [];
  private redoStack: Notebook[] = [];

  constructor(private readonly limit = DEFAULT_UNDO_LIMIT) {}

  /** Remember `before` as the state an undo returns to; a new edit clears the redo stack. */
  record(before: Notebook): void {
    this.undoStack.push(before);
    if (this.undoStack.length > this.limit) this.undoStack.shift();
    this.redoStack = [];
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** Returns the version to go back to (and keeps `current` for redo), or undefined. */
  undo(current: Notebook): Notebook | undefined {
    const previous = this.undoStack.pop();
    if (previous) this.redoStack.push(current);
    return previous;
  }

  redo(current: Notebook): Notebook | undefined {
    const next = this.redoStack.pop();
    if (next) this.undoStack.push(current);
    return next;
  }

  clear(): void {
    this.undoStack.length = 0;
    this.redoStack = [];
  }
}

/**
 * Run outputs are facts about the world, not edits: when undo/redo brings back an earlier
 * structure, each cell that still exists keeps the output it has now.
 */
export function keepCurrentOutputs(restored: Notebook, current: Notebook): Notebook {
  const outputs = new Map(current.cells.map((c) => [c.id, c.output] as const));
  return {
    ...restored,
    cells: restored.cells.map((cell) => {
      if (!outputs.has(cell.id)) return cell;
      const output = outputs.get(cell.id) ?? null;
      return output === cell.output ? cell : { ...cell, output };
    }),
  };
}
