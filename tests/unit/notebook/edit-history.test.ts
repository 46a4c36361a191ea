// Edit ops and undo/redo through a real NotebookDocument.
import { describe, expect, it } from 'vitest';
import { NotebookDocument } from '../../../electron/core/notebook/notebook-document.js';
import type { EditOp } from '../../../electron/shared/api-contract.js';
import { notebookWith, tempDir } from './support/notebooks.js';

function openDoc(cells = 3): { doc: NotebookDocument; changes: string[] } {
  const changes: string[] = [];
  const doc = new NotebookDocument({
    docId: 'doc1',
    home: tempDir(),
    path: null,
    notebook: notebookWith(cells),
    recovery: null,
    autosaveDelayMs: 60_000,
    onChange: (_d, change) => changes.push(change.kind),
  });
  return { doc, changes };
}

const names = (doc: NotebookDocument): string[] => doc.notebook.cells.map((c) => c.name);

describe('edit operations', () => {
  it('adds cells with unique default names and stable new ids', () => {
    const { doc } = openDoc(2);
    doc.edit({ op: 'addCell', index: 1, kind: 'train' });
    doc.edit({ op: 'addCell', index: 0, kind: 'train' });
    expect(names(doc)).toEqual(['train_2', 'step_0', 'train', 'step_1']);
    const ids = doc.notebook.cells.map((c) => c.id);
    expect(new Set(ids).size).toBe(4);
    doc.edit({ op: 'moveCell', id: ids[0]!, toIndex: 3 });
    expect(doc.notebook.cells.map((c) => c.id)).toEqual([ids[1], ids[2], ids[3], ids[0]]);
  });

  it('refuses a name that is taken, and explains why names must be unique', () => {
    const { doc } = openDoc(3);
    expect(() => doc.edit({ op: 'addCell', index: 0, kind: 'train', name: 'step_1' })).toThrow(/already used by another cell.*inputs refer to them/);
    expect(() => doc.edit({ op: 'updateCell', id: 'cell2', patch: { name: 'step_0' } })).toThrow(/already used/);
    expect(() => doc.edit({ op: 'deleteCell', id: 'nope' })).toThrow(/no cell has id "nope"/);
    expect(() => doc.edit({ op: 'addCell', index: 99, kind: 'train' })).toThrow(/index 99 is past the end.*use 0…3/);
    expect(doc.state().canUndo).toBe(false); // failed edits leave no trace
  });

  it('renaming a cell rewires the inputs that referred to it', () => {
    const { doc } = openDoc(4);
    doc.edit({ op: 'updateCell', id: 'cell2', patch: { name: 'organism' } });
    expect(doc.notebook.cells[3]?.inputs).toEqual({ model: 'organism' });
    doc.undo();
    expect(doc.notebook.cells[3]?.inputs).toEqual({ model: 'step_2' });
  });

  it('duplicates a cell next to it with a fresh id, a unique name and no output', () => {
    const { doc } = openDoc(2);
    doc.handle.writeOutput('cell1', { status: 'done', hash: 'h' });
    doc.edit({ op: 'duplicateCell', id: 'cell1' });
    const copy = doc.notebook.cells[2]!;
    expect(copy).toMatchObject({ name: 'step_1_copy', kind: 'train', output: null, config: doc.notebook.cells[1]!.config });
    expect(copy.id).not.toBe('cell1');
    doc.edit({ op: 'duplicateCell', id: 'cell1' });
    expect(doc.notebook.cells[2]!.name).toBe('step_1_copy_2');
  });

  it('undoes and redoes every kind of edit, in order', () => {
    const { doc } = openDoc(3);
    const original = doc.notebook;
    const ops: EditOp[] = [
      { op: 'setTitle', title: 'Renamed' },
      { op: 'addCell', index: 3, kind: 'plot', config: { x: 'capability' } },
      { op: 'updateCell', id: 'cell1', patch: { config: { steps: 5 } } },
      { op: 'moveCell', id: 'cell0', toIndex: 2 },
      { op: 'duplicateCell', id: 'cell2' },
      { op: 'deleteCell', id: 'cell1' },
    ];
    const versions = [original];
    for (const op of ops) {
      doc.edit(op);
      versions.push(doc.notebook);
    }
    for (let i = ops.length - 1; i >= 0; i--) {
      doc.undo();
      expect(doc.notebook).toEqual(versions[i]);
    }
    expect(doc.state()).toMatchObject({ canUndo: false, canRedo: true, dirty: false });
    expect(() => doc.undo()).toThrow(/nothing to undo/);
    for (let i = 1; i <= ops.length; i++) {
      doc.redo();
      expect(doc.notebook).toEqual(versions[i]);
    }
    expect(doc.state()).toMatchObject({ canRedo: false, dirty: true });
  });

  it('a new edit after undo clears the redo stack', () => {
    const { doc } = openDoc(1);
    doc.edit({ op: 'setTitle', title: 'one' });
    doc.undo();
    doc.edit({ op: 'setTitle', title: 'two' });
    expect(doc.state().canRedo).toBe(false);
    expect(() => doc.redo()).toThrow(/nothing to redo/);
  });

  it('keeps run outputs when undo brings back an earlier structure', () => {
    const { doc, changes } = openDoc(2);
    doc.edit({ op: 'updateCell', id: 'cell1', patch: { config: { steps: 1 } } });
    doc.handle.writeOutput('cell1', { status: 'done', hash: 'fresh' });
    doc.undo();
    expect(doc.notebook.cells[1]?.config).toEqual({ steps: 101, lr: 0.001 });
    expect(doc.notebook.cells[1]?.output).toEqual({ status: 'done', hash: 'fresh' });
    expect(changes).toEqual(['edit', 'outputs', 'undo']);
    expect(() => doc.handle.writeOutput('missing', null)).toThrow(/no cell has id "missing"/);
  });

  it('bounds the undo history', async () => {
    const { EditHistory } = await import('../../../electron/core/notebook/edit-history.js');
    const history = new EditHistory(3);
    const versions = [notebookWith(0, 'v0'), notebookWith(0, 'v1'), notebookWith(0, 'v2'), notebookWith(0, 'v3'), notebookWith(0, 'v4')];
    for (const v of versions.slice(0, 4)) history.record(v);
    let current = versions[4]!;
    const seen: string[] = [];
    for (let back = history.undo(current); back; back = history.undo(current)) {
      seen.push(back.title);
      current = back;
    }
    expect(seen).toEqual(['v3', 'v2', 'v1']);
  });
});
