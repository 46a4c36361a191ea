// Autosave to a recovery file, and the recovery offer when the app reopens a notebook, through
// the real core service and real files.
import { existsSync, readFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeNotebookFile } from '../../../electron/core/notebook/notebook-files.js';
import { createStudioCore, type StudioCore } from '../../../electron/core/studio-core.js';
import { notebookWith, tempDir } from './support/notebooks.js';

const AUTOSAVE_MS = 40;
const cores: StudioCore[] = [];
function core(home: string): StudioCore {
  const made = createStudioCore({ home, autosaveDelayMs: AUTOSAVE_MS });
  cores.push(made);
  return made;
}
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.dispose()));
});

const waitFor = async (what: string, check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

async function savedNotebook(): Promise<{ home: string; file: string }> {
  const dir = tempDir();
  const file = path.join(dir, 'study.organism.json');
  await writeNotebookFile(file, notebookWith(3));
  return { home: path.join(dir, 'home'), file };
}

describe('autosave and recovery', () => {
  it('autosaves unsaved edits to <file>.recovery.json after the debounce, and offers it on reopen', async () => {
    const { home, file } = await savedNotebook();
    const first = core(home);
    const opened = await first.invoke('notebook.open', { path: file });
    expect(opened.recovery).toBeNull();
    await first.invoke('notebook.edit', { docId: opened.docId, edit: { op: 'setTitle', title: 'unsaved title' } });
    const recoveryFile = `${file}.recovery.json`;
    expect(existsSync(recoveryFile)).toBe(false); // debounced, not immediate
    await waitFor('the autosave', () => existsSync(recoveryFile));
    expect(JSON.parse(readFileSync(recoveryFile, 'utf8')).notebook.title).toBe('unsaved title');
    expect(JSON.parse(readFileSync(file, 'utf8')).title).toBe('A study'); // the file itself is untouched

    // The app dies (no close): a new core opening the file is offered the recovery.
    const second = core(home);
    const reopened = await second.invoke('notebook.open', { path: file });
    expect(reopened.notebook.title).toBe('A study');
    expect(reopened.recovery).toMatchObject({ path: recoveryFile });
    const restored = await second.invoke('notebook.restoreRecovery', { docId: reopened.docId });
    expect(restored).toMatchObject({ recovery: null, dirty: true, canUndo: true });
    expect(restored.notebook.title).toBe('unsaved title');
    const saved = await second.invoke('notebook.save', { docId: reopened.docId });
    expect(saved.dirty).toBe(false);
    expect(existsSync(recoveryFile)).toBe(false); // saving retires the recovery file
    expect(JSON.parse(readFileSync(file, 'utf8')).title).toBe('unsaved title');
  });

  it('editing before answering the recovery offer does not overwrite what it holds', async () => {
    const { home, file } = await savedNotebook();
    const crashed = core(home);
    const doc = await crashed.invoke('notebook.open', { path: file });
    await crashed.invoke('notebook.edit', { docId: doc.docId, edit: { op: 'setTitle', title: 'from the crash' } });
    await waitFor('the autosave', () => existsSync(`${file}.recovery.json`));

    const next = core(home);
    const reopened = await next.invoke('notebook.open', { path: file });
    expect(reopened.recovery).not.toBeNull();
    let latest = reopened;
    next.subscribe((e) => {
      if (e.channel === 'document.changed') latest = e.payload;
    });
    await next.invoke('notebook.edit', { docId: reopened.docId, edit: { op: 'setTitle', title: 'new work' } });
    await waitFor('the new autosave', () => latest.autosavedAt != null);
    expect(JSON.parse(readFileSync(`${file}.recovery.json`, 'utf8')).notebook.title).toBe('new work');
    const restored = await next.invoke('notebook.restoreRecovery', { docId: reopened.docId });
    expect(restored.notebook.title).toBe('from the crash');
    expect(restored.canUndo).toBe(true); // and "new work" is one undo away
  });

  it('does not offer a recovery file older than the notebook, and discard deletes it', async () => {
    const { home, file } = await savedNotebook();
    const first = core(home);
    const doc = await first.invoke('notebook.open', { path: file });
    await first.invoke('notebook.edit', { docId: doc.docId, edit: { op: 'setTitle', title: 'x' } });
    await waitFor('the autosave', () => existsSync(`${file}.recovery.json`));

    const future = new Date(Date.now() + 60_000);
    utimesSync(file, future, future); // the file was saved after the recovery was written
    expect((await core(home).invoke('notebook.open', { path: file })).recovery).toBeNull();

    const past = new Date(Date.now() - 60_000);
    utimesSync(file, past, past);
    const third = core(home);
    const offered = await third.invoke('notebook.open', { path: file });
    expect(offered.recovery).not.toBeNull();
    const discarded = await third.invoke('notebook.discardRecovery', { docId: offered.docId });
    expect(discarded.recovery).toBeNull();
    expect(existsSync(`${file}.recovery.json`)).toBe(false);
  });

  it('keeps untitled work under ORGANISM_STUDIO_HOME/recovery and offers it to the next new notebook', async () => {
    const home = path.join(tempDir(), 'home');
    const first = core(home);
    const untitled = await first.invoke('notebook.new', {});
    expect(untitled.path).toBeNull();
    await first.invoke('notebook.edit', { docId: untitled.docId, edit: { op: 'addCell', index: 0, kind: 'markdown', config: { source: 'lost?' } } });
    await waitFor('the autosave', () => existsSync(path.join(home, 'recovery', `untitled-${untitled.docId}.recovery.json`)));

    const second = core(home);
    const fresh = await second.invoke('notebook.new', {});
    expect(fresh.recovery?.path).toBe(path.join(home, 'recovery', `untitled-${untitled.docId}.recovery.json`));
    const restored = await second.invoke('notebook.restoreRecovery', { docId: fresh.docId });
    expect(restored.notebook.cells[0]?.config).toEqual({ source: 'lost?' });
  });

  it('closing a notebook removes its recovery file; shutting down keeps it', async () => {
    const { home, file } = await savedNotebook();
    const app = core(home);
    const doc = await app.invoke('notebook.open', { path: file });
    await app.invoke('notebook.edit', { docId: doc.docId, edit: { op: 'setTitle', title: 'y' } });
    await waitFor('the autosave', () => existsSync(`${file}.recovery.json`));
    expect(await app.invoke('notebook.close', { docId: doc.docId })).toEqual({ closed: true });
    expect(existsSync(`${file}.recovery.json`)).toBe(false);

    const other = core(home);
    const again = await other.invoke('notebook.open', { path: file });
    await other.invoke('notebook.edit', { docId: again.docId, edit: { op: 'setTitle', title: 'z' } });
    await other.dispose(); // flushes the pending autosave
    expect(JSON.parse(readFileSync(`${file}.recovery.json`, 'utf8')).notebook.title).toBe('z');
  });
});
