// The notebook as it crosses a process boundary inside the app (core → host → renderer). The core
// is the trust boundary for notebook content: it runs the full NotebookSchema (plus uniqueness and
// depth rules) on everything it reads from disk, restores or edits, and only ever sends documents
// that passed. Re-running that schema on every reply cost ~100 ms per 10,000 cells in the host and
// again in the browser, on every open and every edit. On the wire a structural check is enough to
// keep the renderer's types honest (every field it reads has the type it expects): one loop, no
// copies, the message naming the first cell and field that is wrong.
import { z } from 'zod';
import { CellStatusSchema, NotebookSchema, type Cell } from './notebook-schema.js';

const STATUSES: ReadonlySet<string> = new Set(CellStatusSchema.options);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** What is wrong with one cell's shape, or null. */
function cellShapeProblem(cell: unknown, at: string): string | null {
  if (!isRecord(cell)) return `${at} must be an object`;
  if (!isNonEmptyString(cell['id'])) return `${at}.id must be a non-empty string`;
  if (!isNonEmptyString(cell['kind'])) return `${at}.kind must be a non-empty string`;
  if (!isNonEmptyString(cell['name'])) return `${at}.name must be a non-empty string`;
  if (!isRecord(cell['config'])) return `${at}.config must be an object`;
  if (!isRecord(cell['metadata'])) return `${at}.metadata must be an object`;
  const inputs = cell['inputs'];
  if (!isRecord(inputs)) return `${at}.inputs must be an object`;
  for (const key in inputs) {
    const value = inputs[key];
    if (typeof value === 'string') continue;
    if (!Array.isArray(value) || !value.every((name) => typeof name === 'string')) return `${at}.inputs.${key} must be a cell name or a list of them`;
  }
  const output = cell['output'];
  if (output === null) return null;
  if (!isRecord(output)) return `${at}.output must be an object or null`;
  if (typeof output['status'] !== 'string' || !STATUSES.has(output['status'])) return `${at}.output.status must be one of ${[...STATUSES].join(', ')}`;
  return null;
}

/** What is wrong with the cells' shape (the first problem), or null. Linear in the cells, no copies. */
export function cellsShapeProblem(cells: unknown): string | null {
  if (!Array.isArray(cells)) return 'notebook.cells must be an array';
  for (let index = 0; index < cells.length; index++) {
    const problem = cellShapeProblem(cells[index], `notebook.cells[${index}]`);
    if (problem) return problem;
  }
  return null;
}

/** The cells on the wire: accepted as is (the same array, no copy) when their shape is right. */
const CellsWireSchema = z.custom<Cell[]>().superRefine((value, ctx) => {
  const problem = cellsShapeProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `${problem} (the core sends only validated notebooks; this one did not come from it)` });
});

/**
 * A notebook on the wire: the notebook schema for everything but the cells (a few small fields),
 * the structural check for the cells. Only the core's validated documents are sent, so this guards
 * the renderer's types, not the file rules.
 */
export const NotebookWireSchema = NotebookSchema.extend({ cells: CellsWireSchema });
