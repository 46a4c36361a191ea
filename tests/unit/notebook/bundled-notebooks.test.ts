// Every notebook shipped in assets/notebooks/ opens: valid format, unique names and ids, and the
// default notebook is one of them.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultNotebookAsset } from '../../../electron/core/notebook/default-notebook.js';
import { parseNotebookText } from '../../../electron/core/notebook/parse-notebook.js';
import { resolveAppRoot } from '../../../electron/core/service/app-paths.js';

const dir = path.join(resolveAppRoot(), 'assets', 'notebooks');
const files = readdirSync(dir).filter((f) => f.endsWith('.organism.json'));

describe('bundled notebooks', () => {
  it('include the default notebook', () => {
    expect(files).toContain(path.basename(defaultNotebookAsset(resolveAppRoot())));
  });

  for (const file of files) {
    it(`${file} parses and has cells`, () => {
      const notebook = parseNotebookText(readFileSync(path.join(dir, file), 'utf8'), file);
      expect(notebook.cells.length).toBeGreaterThan(0);
      expect(notebook.title.trim()).not.toBe('');
    });
  }
});
