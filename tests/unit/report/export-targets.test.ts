import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportTargetsFor } from '../../../electron/core/cells/study-engine.js';
import type { NotebookHandle } from '../../../electron/core/engine-port.js';

const handle = (file: string | null): NotebookHandle => ({
  docId: 'd',
  path: () => file,
  artifactsDir: () => '/home/u/untitled/d1',
  notebook: () => ({ format: 'organism-studio-notebook', version: 1, title: 't', cells: [], metadata: {} }) as unknown as ReturnType<NotebookHandle['notebook']>,
  writeOutput: () => undefined,
});

describe('where a notebook exports its results', () => {
  it('beside the notebook file, named after it, only the formats asked for', () => {
    expect(exportTargetsFor(handle('/data/study.organism.json'), ['html', 'csv', 'json'])).toEqual({
      html: '/data/study.report.html',
      csv: '/data/study.metrics.csv',
      json: '/data/study.metrics.json',
    });
    expect(exportTargetsFor(handle('/data/plain.json'), ['csv'])).toEqual({ csv: '/data/plain.metrics.csv' });
  });

  it("in an untitled notebook's artifacts folder", () => {
    expect(exportTargetsFor(handle(null), ['html']).html).toBe(path.join('/home/u/untitled/d1', 'export', 'notebook.report.html'));
  });
});
