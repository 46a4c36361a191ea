// How the workspace merges a reply's document with what the page already shows: unchanged cells
// keep their objects (fewer re-renders) and local, unconfirmed edits stay applied.
import type { DocumentState } from '../../../electron/shared/api-contract.js';
import type { CellConfig, CellInputs } from '../cells/types.js';

/**
 * Every reply carries the whole notebook as fresh objects. Keep the previous object for each cell
 * whose content did not change, so Svelte re-renders only the cells an edit touched (a 500-cell
 * notebook stays responsive while typing).
 */
export function reuseUnchangedCells(previous: DocumentState, next: DocumentState): DocumentState {
  const before = new Map(previous.notebook.cells.map((cell) => [cell.id, cell]));
  let reused = 0;
  const cells = next.notebook.cells.map((cell) => {
    const old = before.get(cell.id);
    if (old && JSON.stringify(old) === JSON.stringify(cell)) {
      reused++;
      return old;
    }
    return cell;
  });
  return reused === 0 ? next : { ...next, notebook: { ...next.notebook, cells } };
}

/** The document with local, not yet confirmed config/inputs patches applied to their cells. */
export function withPatches(doc: DocumentState, patches: ReadonlyArray<readonly [string, { config?: CellConfig; inputs?: CellInputs }]>): DocumentState {
  if (patches.length === 0) return doc;
  const byId = new Map(patches);
  const cells = doc.notebook.cells.map((cell) => {
    const patch = byId.get(cell.id);
    return patch ? { ...cell, ...(patch.config ? { config: patch.config } : {}), ...(patch.inputs ? { inputs: patch.inputs } : {}) } : cell;
  });
  return { ...doc, notebook: { ...doc.notebook, cells } };
}
