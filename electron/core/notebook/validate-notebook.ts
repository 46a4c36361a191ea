// The one validation of a notebook value, whatever produced it: a file being opened, a recovery
// file, an untitled recovery, an import, an edit. Anything that passes reopens: the same rules
// run before every save. Problems come back as { path, problem } so each caller words them in its
// own error class (with a line and column when there is text to point into).
import { z } from 'zod';
import { CellSchema, NOTEBOOK_FORMAT, NOTEBOOK_VERSION, NotebookSchema, type Cell, type Notebook } from '../../shared/notebook-schema.js';
import { formatPath, type JsonPath } from './json-positions.js';

/**
 * Objects and arrays deeper than this are refused: serializing, cloning and schema checks recurse,
 * and a few thousand levels overflow the stack ("Maximum call stack size exceeded", naming nothing).
 * A notebook needs about ten; the root object is level 1.
 */
export const MAX_NESTING = 64;

export interface NotebookProblem {
  /** Where in the notebook (['cells', 3, 'name']); [] for the whole document. */
  path: JsonPath;
  /** Field named in the message, or null when the problem text already says where. */
  field: string | null;
  problem: string;
}

/** Where a value breaks the depth or number rule, as the path from the value down (reversed). */
type Fault = { reversedPath: Array<string | number>; kind: 'number' | 'deep' };

/**
 * Walks `value` (whose parent is at level `depth`). Recursion is safe: it stops at MAX_NESTING
 * levels. No path is built unless a value is at fault (building one per value cost ~200 ms on
 * opening a 10,000-cell notebook, on the way to its first paint).
 */
function fault(value: unknown, depth: number): Fault | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : { reversedPath: [], kind: 'number' };
  if (typeof value !== 'object' || value === null) return null;
  const level = depth + 1;
  if (level > MAX_NESTING) return { reversedPath: [], kind: 'deep' };
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = fault(value[index], level);
      if (found) {
        found.reversedPath.push(index);
        return found;
      }
    }
    return null;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const found = fault(record[key], level);
    if (found) {
      found.reversedPath.push(key);
      return found;
    }
  }
  return null;
}

/** Depth and number checks over any JSON-like value (the value may be deep). */
export function valueProblem(value: unknown, basePath: JsonPath = [], baseDepth = 0): NotebookProblem | null {
  const found = fault(value, baseDepth);
  if (!found) return null;
  const path: JsonPath = [...basePath, ...found.reversedPath.reverse()];
  if (found.kind === 'number') {
    return { path, field: formatPath(path), problem: 'a number too large to represent (it reads as Infinity or NaN); use a finite number' };
  }
  return { path, field: null, problem: `nested too deeply at ${formatPath(path)}: more than ${MAX_NESTING} levels of objects and arrays; flatten this value` };
}

/** The whole check, for a value of unknown origin. Returns the parsed notebook or the first problem. */
export function checkNotebook(raw: unknown): { ok: true; notebook: Notebook } | { ok: false; problem: NotebookProblem } {
  const fail = (problem: NotebookProblem): { ok: false; problem: NotebookProblem } => ({ ok: false, problem });
  const nested = valueProblem(raw);
  if (nested) return fail(nested);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail({ path: [], field: null, problem: 'a notebook file must be a JSON object with "format", "version" and "cells"' });
  }
  const record = raw as Record<string, unknown>;
  if (record['format'] !== NOTEBOOK_FORMAT) {
    // The value found is not quoted back: the file may be anything readable, not a notebook.
    const found = record['format'] === undefined ? 'no such field' : `another ${typeof record['format']}`;
    return fail({ path: ['format'], field: 'format', problem: `expected "${NOTEBOOK_FORMAT}" but found ${found}: this is not an Organism Studio notebook (files end in .organism.json)` });
  }
  const version = record['version'];
  const newer = typeof version === 'number' ? version > NOTEBOOK_VERSION : typeof version === 'string' && Number(version) > NOTEBOOK_VERSION;
  if (newer) {
    return fail({
      path: ['version'],
      field: 'version',
      problem: `version ${String(version)} was written by a newer Organism Studio (this one reads up to version ${NOTEBOOK_VERSION}); update the app to open it`,
    });
  }
  const parsed = NotebookSchema.safeParse(raw);
  if (!parsed.success) return fail(zodProblem(parsed.error));
  const duplicate = duplicateProblem(parsed.data.cells);
  return duplicate ? fail(duplicate) : { ok: true, notebook: parsed.data };
}

/**
 * The same rules for an edit, applied to what it changed (a full schema pass over 10,000 cells
 * costs a few hundred ms per keystroke): the changed cells and title in full, uniqueness over all.
 */
export function checkEditedNotebook(next: Notebook, previous: Notebook): NotebookProblem | null {
  if (typeof next.title !== 'string') return { path: ['title'], field: 'title', problem: 'must be a string' };
  if (next.cells !== previous.cells) {
    const before = new Set<Cell>(previous.cells);
    for (let index = 0; index < next.cells.length; index++) {
      const cell = next.cells[index] as Cell;
      if (before.has(cell)) continue;
      const nested = valueProblem(cell, ['cells', index], 2);
      if (nested) return nested;
      const parsed = CellSchema.safeParse(cell);
      if (!parsed.success) return zodProblem(parsed.error, ['cells', index]);
    }
    return duplicateProblem(next.cells);
  }
  return null;
}

/** Cell ids and names must be unique: ids identify cells, names wire the DAG. */
function duplicateProblem(cells: readonly Cell[]): NotebookProblem | null {
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index] as Cell;
    const firstId = ids.get(cell.id);
    if (firstId !== undefined) {
      return { path: ['cells', index, 'id'], field: `cells[${index}].id`, problem: `duplicate cell id "${cell.id}" (also used by cells[${firstId}]); give each cell its own id` };
    }
    ids.set(cell.id, index);
    const firstName = names.get(cell.name);
    if (firstName !== undefined) {
      return {
        path: ['cells', index, 'name'],
        field: `cells[${index}].name`,
        problem: `duplicate cell name "${cell.name}" (also used by cells[${firstName}]); cell names must be unique because inputs refer to them`,
      };
    }
    names.set(cell.name, index);
  }
  return null;
}

function zodProblem(error: z.ZodError, prefix: JsonPath = []): NotebookProblem {
  const issue = error.issues[0];
  const path = [...prefix, ...(issue?.path ?? []).filter((p): p is string | number => typeof p === 'string' || typeof p === 'number')];
  // zod says "expected array, received undefined" for a field that is not there: say it is missing.
  const message = (issue?.message ?? 'invalid notebook').replace(/^Invalid input: expected (\w+), received undefined$/, 'is missing (expected $1)');
  return { path, field: formatPath(path), problem: message };
}
