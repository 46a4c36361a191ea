// A save killed at any moment (SIGKILL: no cleanup runs) leaves the previous file whole.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeNotebookFile } from '../../../electron/core/notebook/notebook-files.js';
import { parseNotebookText, serializeNotebook } from '../../../electron/core/notebook/parse-notebook.js';
import { notebookWith, tempDir } from './support/notebooks.js';

const child = path.join(import.meta.dirname, 'support', 'save-forever.ts');

function startSaver(target: string, source: string): Promise<{ kill: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, target, source], { stdio: ['ignore', 'pipe', 'inherit'] });
    proc.on('error', reject);
    proc.stdout.once('data', () =>
      resolve({
        kill: () =>
          new Promise<void>((done) => {
            proc.once('exit', () => done());
            proc.kill('SIGKILL');
          }),
      }),
    );
  });
}

describe('atomic save', () => {
  it('leaves the old or the new notebook, never a broken one, when the saving process is killed', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'big.organism.json');
    const old = notebookWith(50, 'old version');
    await writeNotebookFile(target, old);
    // ~25 MB, so each write lasts long enough for the kill to land in the middle of one.
    const big = notebookWith(2500, 'new version');
    for (const cell of big.cells) cell.config = { ...cell.config, notes: 'x'.repeat(10_000) };
    const source = path.join(dir, 'source.json');
    writeFileSync(source, serializeNotebook(big));
    const oldText = serializeNotebook(old);
    const newText = serializeNotebook(big);

    const seen = { old: 0, new: 0 };
    for (let round = 0; round < 6; round++) {
      const saver = await startSaver(target, source);
      await new Promise((r) => setTimeout(r, 30 + Math.random() * 200));
      await saver.kill();
      const text = readFileSync(target, 'utf8');
      expect(text === oldText || text === newText).toBe(true);
      expect(() => parseNotebookText(text, target)).not.toThrow();
      if (text === oldText) seen.old++;
      else seen.new++;
      await writeNotebookFile(target, old); // start every round from the old version
    }
    // Leftover temp files are possible after SIGKILL, but none of them is the notebook itself.
    expect(readdirSync(dir).filter((f) => f.endsWith('.organism.json'))).toEqual(['big.organism.json']);
    expect(seen.old + seen.new).toBe(6);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a path without the notebook extension and says which to use', async () => {
    await expect(writeNotebookFile(path.join(tempDir(), 'study.json'), notebookWith(1))).rejects.toThrow(/must end in \.organism\.json \(for example .*study\.organism\.json\)/);
  });
});
