// Regression tests for the data-loss and file-access classes of issue 17, each with the smallest
// input of its class, through the real core service and real files (FIFOs, devices, sparse files).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { studyCellKinds } from '../../../electron/core/cells/index.js';
import { createUnavailableEngine, type EnginePort, type NotebookHandle } from '../../../electron/core/engine-port.js';
import { CELL_KINDS } from '../../../electron/core/notebook/cell-kinds.js';
import { MAX_NOTEBOOK_BYTES, writeNotebookFile } from '../../../electron/core/notebook/notebook-files.js';
import { serializeNotebook } from '../../../electron/core/notebook/parse-notebook.js';
import { createStudioCore, type StudioCore } from '../../../electron/core/studio-core.js';
import { notebookWith, tempDir } from './support/notebooks.js';

const cores: StudioCore[] = [];
function core(home = path.join(tempDir(), 'home'), engine?: EnginePort): StudioCore {
  const made = createStudioCore({ home, autosaveDelayMs: 1, ...(engine ? { engine } : {}) });
  cores.push(made);
  return made;
}
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.dispose()));
});

/** An engine that only remembers the handles it is given (to write outputs like a real run). */
function handleKeeper(): EnginePort & { handles: NotebookHandle[] } {
  const handles: NotebookHandle[] = [];
  return { ...createUnavailableEngine(), handles, onDocumentChanged: (doc) => void handles.push(doc), onDocumentClosed: () => undefined };
}

/** A notebook whose two cells share one id: the minimal notebook `open` refuses. */
function duplicateIds(): object {
  const nb = notebookWith(2);
  return { ...nb, cells: nb.cells.map((c) => ({ ...c, id: 'same' })) };
}

describe('files that never end (4)', () => {
  it('refuses a FIFO, a device, a folder and a huge file before reading, and keeps answering', async () => {
    const dir = tempDir();
    const fifos = [1, 2, 3, 4, 5].map((n) => path.join(dir, `pipe${n}.organism.json`));
    for (const fifo of fifos) execFileSync('mkfifo', [fifo]);
    const device = path.join(dir, 'zero.organism.json');
    symlinkSync('/dev/zero', device);
    const folder = path.join(dir, 'folder.organism.json');
    mkdirSync(folder);
    const huge = path.join(dir, 'huge.organism.json');
    writeFileSync(huge, '');
    truncateSync(huge, MAX_NOTEBOOK_BYTES + 1); // sparse: no disk used
    const studio = core();
    // More FIFOs than libuv has I/O threads: each used to pin one forever.
    const refusals = await Promise.all(fifos.map((fifo) => studio.invoke('notebook.open', { path: fifo }).catch((e: unknown) => e)));
    for (const refusal of refusals) expect(refusal).toMatchObject({ code: 'not-a-file', message: expect.stringMatching(/not a regular file/) });
    await expect(studio.invoke('notebook.open', { path: device })).rejects.toMatchObject({ code: 'not-a-file' });
    await expect(studio.invoke('notebook.open', { path: folder })).rejects.toMatchObject({ code: 'is-directory' });
    await expect(studio.invoke('notebook.open', { path: huge })).rejects.toMatchObject({ code: 'too-large', message: expect.stringMatching(/128\.0 MB limit/) });
    // Unrelated file work still goes through.
    const good = path.join(dir, 'good.organism.json');
    await writeNotebookFile(good, notebookWith(2));
    expect((await studio.invoke('notebook.open', { path: good })).notebook.cells).toHaveLength(2);
  });
});

describe('recovery restores only what open would accept (5)', () => {
  it('does not offer a recovery file holding duplicate cell ids, and saves nothing that would not reopen', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'study.organism.json');
    await writeNotebookFile(file, notebookWith(2));
    const recovery = `${file}.recovery.json`;
    writeFileSync(recovery, JSON.stringify({ format: 'organism-studio-recovery', savedAt: new Date().toISOString(), source: file, notebook: duplicateIds() }));
    utimesSync(recovery, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    const doc = await core().invoke('notebook.open', { path: file });
    expect(doc.recovery).toBeNull();

    await expect(writeNotebookFile(file, duplicateIds() as never)).rejects.toThrow(/duplicate cell id "same"/);
    expect(JSON.parse(readFileSync(file, 'utf8')).cells.map((c: { id: string }) => c.id)).toEqual(['cell0', 'cell1']);
  });

  it('does not offer an untitled recovery that would not open', async () => {
    const home = path.join(tempDir(), 'home');
    mkdirSync(path.join(home, 'recovery'), { recursive: true });
    const orphan = path.join(home, 'recovery', 'untitled-x.recovery.json');
    writeFileSync(orphan, JSON.stringify({ format: 'organism-studio-recovery', savedAt: new Date().toISOString(), source: null, notebook: duplicateIds() }));
    expect((await core(home).invoke('notebook.new', {})).recovery).toBeNull();
  });
});

describe('interrupted saves (6)', () => {
  it('removes the temp files of interrupted saves on open, and nothing else', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'study.organism.json');
    await writeNotebookFile(file, notebookWith(1));
    const leftovers = [`${file}.1234567890`, `${file}.recovery.json.42`];
    for (const leftover of leftovers) writeFileSync(leftover, '{"half": ');
    const keep = [`${file}.bak`, path.join(dir, 'other.organism.json.77'), `${file}.12x`];
    for (const other of keep) writeFileSync(other, 'mine');
    await core().invoke('notebook.open', { path: file });
    for (const leftover of leftovers) expect(existsSync(leftover), leftover).toBe(false);
    for (const other of keep) expect(existsSync(other), other).toBe(true);
  });
});

describe('engine outputs are not user edits (7)', () => {
  it('keeps a notebook opened and run but not edited saved, with no recovery file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'study.organism.json');
    await writeNotebookFile(file, notebookWith(2));
    const engine = handleKeeper();
    const studio = core(path.join(dir, 'home'), engine);
    const events: boolean[] = [];
    studio.subscribe((e) => e.channel === 'document.changed' && events.push(e.payload.dirty));
    await studio.invoke('notebook.open', { path: file });
    engine.handles[0]?.writeOutput('cell1', { status: 'done', hash: 'abc', durationMs: 3 });
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual([false]);
    await studio.dispose(); // flushes any pending autosave
    expect(existsSync(`${file}.recovery.json`)).toBe(false);
  });
});

describe('file access policy', () => {
  it('opens only notebook files and never quotes a file it refuses', async () => {
    const dir = tempDir();
    const secret = path.join(dir, 'secrets.txt');
    writeFileSync(secret, 'hunter2-password');
    const studio = core();
    const refusal = await studio.invoke('notebook.open', { path: secret }).catch((e: unknown) => e as Error);
    expect(refusal).toMatchObject({ code: 'notebook-path', message: expect.stringMatching(/opens only notebook files, whose names end in \.organism\.json/) });
    // Named like a notebook but not one: the error names the problem, not the content.
    const disguised = path.join(dir, 'disguised.organism.json');
    writeFileSync(disguised, JSON.stringify({ format: 'hunter2-password', token: 'hunter2-password' }));
    const second = await studio.invoke('notebook.open', { path: disguised }).catch((e: unknown) => e as Error);
    expect(second).toMatchObject({ code: 'notebook-invalid' });
    expect((second as Error).message).not.toContain('hunter2');
  });

  it('asks before Save As replaces another file, and creates folders only in the workspace', async () => {
    const dir = tempDir();
    const other = path.join(dir, 'other.organism.json');
    await writeNotebookFile(other, notebookWith(3, 'keep me'));
    const home = path.join(tempDir(), 'home');
    const studio = core(home);
    const doc = await studio.invoke('notebook.new', {});
    await expect(studio.invoke('notebook.save', { docId: doc.docId, path: other })).rejects.toMatchObject({ code: 'file-exists', message: expect.stringMatching(/already exists\. Replace it/) });
    expect(JSON.parse(readFileSync(other, 'utf8')).title).toBe('keep me');
    await studio.invoke('notebook.save', { docId: doc.docId, path: other, overwrite: true });
    expect(JSON.parse(readFileSync(other, 'utf8')).title).toBe('Untitled study');
    await studio.invoke('notebook.save', { docId: doc.docId }); // its own file: no question

    const missing = path.join(dir, 'new-folder', 'x.organism.json');
    await expect(studio.invoke('notebook.save', { docId: doc.docId, path: missing })).rejects.toThrow(/does not exist; create it first/);
    expect(existsSync(path.dirname(missing))).toBe(false);
    const inWorkspace = await studio.invoke('notebook.save', { docId: doc.docId, path: 'sub/x.organism.json' });
    expect(inWorkspace.path).toBe(path.join(home, 'notebooks', 'sub', 'x.organism.json'));
  });
});

describe('clear errors (10)', () => {
  it('accepts a byte-order mark, names a newer version and refuses an unknown kind in addCell', async () => {
    const dir = tempDir();
    const bom = path.join(dir, 'bom.organism.json');
    writeFileSync(bom, `\uFEFF${serializeNotebook(notebookWith(1))}`);
    const studio = core();
    expect((await studio.invoke('notebook.open', { path: bom })).notebook.cells).toHaveLength(1);
    const newer = path.join(dir, 'newer.organism.json');
    writeFileSync(newer, serializeNotebook(notebookWith(1)).replace('"version": 1', '"version": 3'));
    await expect(studio.invoke('notebook.open', { path: newer })).rejects.toThrow(/version 3 was written by a newer Organism Studio/);
    const doc = await studio.invoke('notebook.new', {});
    await expect(studio.invoke('notebook.edit', { docId: doc.docId, edit: { op: 'addCell', index: 0, kind: 'bogus' } })).rejects.toMatchObject({ code: 'edit-invalid', message: expect.stringMatching(/"bogus" is not a cell kind/) });
    const deep = { deep: JSON.parse(`${'['.repeat(200)}${']'.repeat(200)}`) as unknown };
    await expect(studio.invoke('notebook.edit', { docId: doc.docId, edit: { op: 'addCell', index: 0, kind: 'markdown', config: deep } })).rejects.toThrow(/nested too deeply at cells\[0\]\.config\.deep/);
  });

  it('without an engine accepts only kinds the engine registers; with one, exactly the engine\'s', async () => {
    // Kinds are added by other work all the time: the fallback list may lag, never exceed.
    expect(CELL_KINDS.filter((kind) => kind !== 'markdown' && !studyCellKinds.has(kind))).toEqual([]);
    const engine = { ...handleKeeper(), cellKinds: () => ['train', 'hologram'] };
    const studio = core(undefined, engine);
    const doc = await studio.invoke('notebook.new', {});
    const add = (kind: string) => studio.invoke('notebook.edit', { docId: doc.docId, edit: { op: 'addCell', index: 0, kind } });
    await add('hologram');
    await add('markdown');
    await expect(add('model')).rejects.toThrow(/"model" is not a cell kind; the kinds are markdown, train, hologram/);
  });
});
