// The EnginePort over the engine: runs report statuses to the sink, finished runs are written back
// into the notebook once, and re-deriving statuses on open does not mark the notebook modified.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnginePort } from '../../../electron/core/engine/port.js';
import type { NotebookHandle } from '../../../electron/core/engine-port.js';
import type { EventOf } from '../../../electron/shared/api-contract.js';
import type { Notebook, OutputSummary } from '../../../electron/shared/notebook-schema.js';
import { cell, registry, type TestServices } from './kinds.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'port-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function documentHandle(notebook: Notebook): NotebookHandle & { writes: string[]; doc: Notebook } {
  const state = { doc: notebook, writes: [] as string[] };
  return {
    docId: 'doc1',
    get doc() {
      return state.doc;
    },
    writes: state.writes,
    path: () => path.join(dir, 'n.organism.json'),
    artifactsDir: () => path.join(dir, 'n.studio'),
    notebook: () => state.doc,
    writeOutput(cellId: string, output: OutputSummary | null) {
      state.writes.push(`${cellId}:${output?.status}`);
      state.doc = { ...state.doc, cells: state.doc.cells.map((c) => (c.id === cellId ? { ...c, output } : c)) };
    },
  };
}

describe('engine port', () => {
  it('runs, reports, writes outputs once, and re-derives without rewriting', async () => {
    const a = cell('text', 'a', { text: 'a' });
    const b = cell('text', 'b', { text: 'b' }, { x: 'a' });
    const notebook: Notebook = { format: 'organism-studio-notebook', version: 1, title: 't', cells: [a, b], metadata: {} };
    const handle = documentHandle(notebook);
    const statuses: Array<EventOf<'cell.status'>> = [];
    const port = createEnginePort<TestServices>({
      registry,
      services: { runs: [] },
      codeVersion: 'v1',
      describeWorld: async () => ({}),
      bridgeState: () => ({ state: 'ready', detail: '' }),
      dispose: async () => undefined,
    });
    port.connect({ cellStatus: (e) => statuses.push(e), cellProgress: () => undefined, cellPartial: () => undefined, bridgeStatus: () => undefined });
    const { queued } = await port.run(handle, { cellId: b.id });
    expect(queued).toEqual([a.id, b.id]);
    await new Promise<void>((resolve) => {
      const poll = (): void => (handle.writes.length >= 2 ? resolve() : void setTimeout(poll, 20));
      poll();
    });
    expect(handle.writes).toEqual([`${a.id}:done`, `${b.id}:done`]);
    expect(statuses.filter((s) => s.cellId === b.id).map((s) => s.status)).toEqual(['queued', 'running', 'done']);
    const result = (await port.result(handle, b.id)) as { data: unknown };
    expect(result.data).toEqual({ text: 'a+b' });

    // Reopening (or any change) re-derives statuses: done again, but nothing new written.
    port.onDocumentChanged(handle, { kind: 'opened' });
    await new Promise((r) => setTimeout(r, 200));
    expect(statuses.filter((s) => s.cellId === b.id).at(-1)?.status).toBe('done');
    expect(handle.writes).toHaveLength(2);
    await port.dispose();
  });
});
