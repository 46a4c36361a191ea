// Structural edits of a notebook as pure functions: (notebook, op) → new notebook. Notebooks are
// treated as immutable values, so the undo history can keep earlier versions by reference and a
// 500-cell notebook shares every untouched cell between versions.
import { randomBytes } from 'node:crypto';
import type { EditOp } from '../../shared/api-contract.js';
import type { Cell, Notebook } from '../../shared/notebook-schema.js';
import { CELL_KINDS } from './cell-kinds.js';
import { checkEditedNotebook } from './validate-notebook.js';

export class EditError extends Error {
  readonly code = 'edit-invalid';
  constructor(message: string) {
    super(message);
    this.name = 'EditError';
  }
}

/** Stable, short, unique-enough cell ids ("c" + 10 hex digits). */
export function newCellId(existing: ReadonlySet<string>): string {
  for (;;) {
    const id = `c${randomBytes(5).toString('hex')}`;
    if (!existing.has(id)) return id;
  }
}

/** `base`, or `base_2`, `base_3`… — the first name not taken. */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

const DEFAULT_CONFIG: Record<string, unknown> = {};

/**
 * Apply `op`; the result passes the same checks as a notebook being opened (for what the edit
 * touched), so no sequence of edits produces a notebook that would not save and reopen.
 */
export function applyEdit(notebook: Notebook, op: EditOp, cellKinds?: readonly string[]): Notebook {
  const next = applyUnchecked(notebook, op, cellKinds ? ['markdown', ...cellKinds] : CELL_KINDS);
  const problem = checkEditedNotebook(next, notebook);
  if (problem) throw new EditError(`${op.op}: ${problem.field ? `${problem.field}: ` : ''}${problem.problem}.`);
  return next;
}

function applyUnchecked(notebook: Notebook, op: EditOp, kinds: readonly string[]): Notebook {
  switch (op.op) {
    case 'setTitle':
      return { ...notebook, title: op.title };
    case 'setCompute': {
      const { compute: _previous, ...rest } = notebook;
      return op.compute ? { ...rest, compute: op.compute } : rest;
    }
    case 'addCell': {
      if (op.index > notebook.cells.length) {
        throw new EditError(`addCell: index ${op.index} is past the end of the notebook (it has ${notebook.cells.length} cells); use 0…${notebook.cells.length}.`);
      }
      if (!kinds.includes(op.kind)) {
        throw new EditError(`addCell: "${op.kind}" is not a cell kind; the kinds are ${kinds.join(', ')}.`);
      }
      const names = new Set(notebook.cells.map((c) => c.name));
      if (op.name !== undefined) assertNameFree(op.name, names, 'addCell');
      const cell: Cell = {
        id: newCellId(new Set(notebook.cells.map((c) => c.id))),
        kind: op.kind,
        name: op.name ?? uniqueName(op.kind, names),
        config: op.config ?? { ...DEFAULT_CONFIG },
        inputs: op.inputs ?? {},
        output: null,
        metadata: {},
      };
      return { ...notebook, cells: insertAt(notebook.cells, op.index, cell) };
    }
    case 'deleteCell': {
      const index = indexOf(notebook, op.id, 'deleteCell');
      return { ...notebook, cells: notebook.cells.filter((_, i) => i !== index) };
    }
    case 'moveCell': {
      const index = indexOf(notebook, op.id, 'moveCell');
      if (op.toIndex >= notebook.cells.length) {
        throw new EditError(`moveCell: toIndex ${op.toIndex} is past the last cell (index ${notebook.cells.length - 1}).`);
      }
      const cell = notebook.cells[index] as Cell;
      const without = notebook.cells.filter((_, i) => i !== index);
      return { ...notebook, cells: insertAt(without, op.toIndex, cell) };
    }
    case 'duplicateCell': {
      const index = indexOf(notebook, op.id, 'duplicateCell');
      const source = notebook.cells[index] as Cell;
      const copy: Cell = {
        ...structuredClone(source),
        id: newCellId(new Set(notebook.cells.map((c) => c.id))),
        name: uniqueName(`${source.name}_copy`, new Set(notebook.cells.map((c) => c.name))),
        output: null, // the copy has not run
      };
      return { ...notebook, cells: insertAt(notebook.cells, index + 1, copy) };
    }
    case 'updateCell': {
      const index = indexOf(notebook, op.id, 'updateCell');
      const cell = notebook.cells[index] as Cell;
      const { patch } = op;
      let cells = notebook.cells;
      if (patch.name !== undefined && patch.name !== cell.name) {
        assertNameFree(patch.name, new Set(notebook.cells.map((c) => c.name)), 'updateCell');
        // Renaming keeps the DAG intact: inputs that referred to the old name follow it.
        cells = cells.map((c) => renameReferences(c, cell.name, patch.name as string));
      }
      const current = cells[index] as Cell;
      const updated: Cell = {
        ...current,
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.config !== undefined ? { config: patch.config } : {}),
        ...(patch.inputs !== undefined ? { inputs: patch.inputs } : {}),
        ...(patch.metadata !== undefined ? { metadata: patch.metadata } : {}),
      };
      return { ...notebook, cells: cells.map((c, i) => (i === index ? updated : c)) };
    }
  }
}

function assertNameFree(name: string, taken: ReadonlySet<string>, op: string): void {
  if (name.trim() === '') throw new EditError(`${op}: a cell name cannot be blank.`);
  if (taken.has(name)) {
    throw new EditError(`${op}: the name "${name}" is already used by another cell; cell names must be unique because inputs refer to them. Pick another name.`);
  }
}

function indexOf(notebook: Notebook, id: string, op: string): number {
  const index = notebook.cells.findIndex((c) => c.id === id);
  if (index < 0) throw new EditError(`${op}: no cell has id "${id}" (it may have been deleted); reload the document.`);
  return index;
}

function insertAt<T>(items: readonly T[], index: number, item: T): T[] {
  return [...items.slice(0, index), item, ...items.slice(index)];
}

function renameReferences(cell: Cell, from: string, to: string): Cell {
  let changed = false;
  const inputs: Cell['inputs'] = {};
  for (const [key, ref] of Object.entries(cell.inputs)) {
    if (Array.isArray(ref)) {
      inputs[key] = ref.map((r) => (r === from ? ((changed = true), to) : r));
    } else {
      inputs[key] = ref === from ? ((changed = true), to) : ref;
    }
  }
  return changed ? { ...cell, inputs } : cell;
}
