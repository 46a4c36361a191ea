// The headless runner names a cell of a kind it does not know (a newer app wrote it) as failed,
// with the kind and the known kinds, instead of skipping it like markdown; it exits 1.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../unit/notebook/support/notebooks.js';

describe('npm run study with an unknown cell kind', () => {
  it('names the cell and its kind and fails the run', () => {
    const dir = tempDir('organism-unknown-kind-');
    const file = path.join(dir, 'future.organism.json');
    const cells = [
      { id: 'a', kind: 'markdown', name: 'intro', config: { source: 'hi' } },
      { id: 'b', kind: 'quantum', name: 'future_cell', config: {} },
    ];
    writeFileSync(file, JSON.stringify({ format: 'organism-studio-notebook', version: 1, title: 't', cells }));
    const run = spawnSync(process.execPath, ['scripts/study.mjs', file, '--json', path.join(dir, 'm.json')], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/future_cell: error — unknown cell kind "quantum" \(this version knows markdown, model, /);
  });
});
