// Notebooks for the tests: built in code so each test states what it depends on.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Cell, Notebook } from '../../../../electron/shared/notebook-schema.js';

export function tempDir(prefix = 'organism-notebook-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function notebookWith(cellCount: number, title = 'A study'): Notebook {
  return {
    format: 'organism-studio-notebook',
    version: 1,
    title,
    cells: Array.from({ length: cellCount }, (_, i): Cell => ({
      id: `cell${i}`,
      kind: i === 0 ? 'markdown' : 'train',
      name: `step_${i}`,
      config: i === 0 ? { source: '# Notes' } : { steps: 100 + i, lr: 0.001 },
      inputs: i > 1 ? { model: `step_${i - 1}` } : {},
      output: null,
      metadata: {},
    })),
    metadata: {},
  };
}
