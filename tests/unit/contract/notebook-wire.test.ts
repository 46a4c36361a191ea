// A notebook crossing the wire (core → host → renderer) is checked for shape only: the core is the
// one place that runs the full notebook schema (on what it reads, restores and edits). These tests
// fail if a reply's notebook is run through the full schema again (it would be copied) or if a
// malformed cell gets through.
import { describe, expect, it } from 'vitest';
import { DocumentStateSchema, requestChannels } from '../../../electron/shared/api-contract.js';
import type { Cell, Notebook } from '../../../electron/shared/notebook-schema.js';
import { cellsShapeProblem } from '../../../electron/shared/notebook-wire.js';

const cell = (i: number): Cell => ({ id: `c${i}`, kind: 'markdown', name: `n${i}`, config: { source: `## ${i}` }, inputs: { data: 'n0', more: ['n1'] }, output: i % 2 ? null : { status: 'done', summary: { x: 1 } }, metadata: {} });
const notebook = (cells: unknown[]): Notebook => ({ format: 'organism-studio-notebook', version: 1, title: 'wire', cells: cells as Cell[], metadata: {} });
const state = (nb: unknown) => ({ docId: 'd1', path: null, notebook: nb, dirty: false, canUndo: false, canRedo: false, recovery: null });

describe('notebook on the wire', () => {
  it('passes the core’s cells through as they are: the same array, not a re-validated copy', () => {
    const cells = Array.from({ length: 10_000 }, (_, i) => cell(i));
    for (const schema of [DocumentStateSchema, requestChannels['notebook.open'].reply, requestChannels['notebook.edit'].reply]) {
      const parsed = schema.parse(state(notebook(cells)));
      expect(parsed.notebook.cells).toBe(cells);
    }
  });

  it('still checks the notebook’s own fields with the notebook schema', () => {
    expect(DocumentStateSchema.safeParse(state({ ...notebook([]), format: 'other' })).success).toBe(false);
    expect(DocumentStateSchema.safeParse(state({ ...notebook([]), version: 2 })).success).toBe(false);
    expect(DocumentStateSchema.safeParse(state({ ...notebook([]), title: 3 })).success).toBe(false);
  });

  it('refuses a malformed cell, naming the cell and the field', () => {
    const bad: Array<[unknown, string]> = [
      [null, 'cells[2] must be an object'],
      [{ ...cell(2), id: '' }, 'cells[2].id'],
      [{ ...cell(2), kind: 7 }, 'cells[2].kind'],
      [{ ...cell(2), name: undefined }, 'cells[2].name'],
      [{ ...cell(2), config: [] }, 'cells[2].config'],
      [{ ...cell(2), metadata: null }, 'cells[2].metadata'],
      [{ ...cell(2), inputs: { data: 3 } }, 'cells[2].inputs.data'],
      [{ ...cell(2), inputs: { data: ['a', 1] } }, 'cells[2].inputs.data'],
      [{ ...cell(2), output: 'done' }, 'cells[2].output'],
      [{ ...cell(2), output: { status: 'finished' } }, 'cells[2].output.status'],
    ];
    for (const [value, named] of bad) {
      const cells = [cell(0), cell(1), value];
      expect(cellsShapeProblem(cells)).toContain(named);
      const parsed = DocumentStateSchema.safeParse(state(notebook(cells)));
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toContain(named);
    }
    expect(cellsShapeProblem({ length: 1 })).toContain('must be an array');
  });
});
