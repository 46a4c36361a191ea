// Everything a report shows, gathered from a notebook and its artifact store: each cell with its
// status and stored result. Reports are built from cached results only (never by running cells).
import type { Cell, CellStatus, Notebook } from '../../shared/notebook-schema.js';
import type { NotebookEngine } from '../engine/engine.js';
import type { StoredArtifact } from '../engine/artifact-store.js';

export interface ReportCell {
  cell: Cell;
  status: CellStatus | 'passive';
  error?: string;
  artifact: StoredArtifact | null;
}

export interface ReportData {
  title: string;
  notebookPath: string | null;
  generatedAt: string;
  codeVersion: string;
  cells: ReportCell[];
}

export async function collectReport<S>(notebook: Notebook, engine: NotebookEngine<S>, meta: { notebookPath: string | null; codeVersion: string }): Promise<ReportData> {
  const statuses = new Map((await engine.statuses()).map((s) => [s.cellId, s]));
  const cells: ReportCell[] = [];
  for (const cell of notebook.cells) {
    const status = statuses.get(cell.id);
    if (!status) {
      cells.push({ cell, status: 'passive', artifact: null });
      continue;
    }
    const artifact = status.status === 'done' ? await engine.result(cell.id) : null;
    cells.push({ cell, status: status.status, ...(status.output?.error ? { error: status.output.error } : {}), artifact });
  }
  return { title: notebook.title, notebookPath: meta.notebookPath, generatedAt: new Date().toISOString(), codeVersion: meta.codeVersion, cells };
}
