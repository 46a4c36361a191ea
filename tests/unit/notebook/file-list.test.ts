// The web host's file list on real folders, through the core's API (zod at the boundary): the
// workspace and the folders of notebooks opened before are listed, anything else is refused —
// `..`, a symlink leading out, a folder never opened, a relative path.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStudioCore, type StudioCore } from '../../../electron/core/studio-core.js';
import { emptyNotebook } from '../../../electron/core/notebook/notebook-document.js';

let dir: string;
let core: StudioCore;
const notebookText = JSON.stringify({ ...emptyNotebook(), title: 'x' });

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'file-list-'));
  core = createStudioCore({ home: path.join(dir, 'home'), autosaveDelayMs: 60_000 });
});
afterEach(async () => {
  await core.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('files.list', () => {
  it('lists the workspace: folders first, then notebooks; no other files, no hidden ones, no artifact folders', async () => {
    const workspace = path.join(dir, 'home', 'notebooks');
    mkdirSync(path.join(workspace, 'runs'), { recursive: true });
    mkdirSync(path.join(workspace, 'b.studio'));
    writeFileSync(path.join(workspace, 'b.organism.json'), notebookText);
    writeFileSync(path.join(workspace, 'a.organism.json'), notebookText);
    writeFileSync(path.join(workspace, 'notes.txt'), 'secret');
    writeFileSync(path.join(workspace, '.hidden.organism.json'), notebookText);
    const listing = await core.invoke('files.list', {});
    expect(listing.roots[0]?.label).toBe('Workspace');
    expect(listing.parent).toBeNull();
    expect(listing.entries.map((e) => `${e.kind}:${e.name}`)).toEqual(['folder:runs', 'notebook:a.organism.json', 'notebook:b.organism.json']);
    const sub = await core.invoke('files.list', { folder: path.join(listing.folder, 'runs') });
    expect(sub.parent).toBe(listing.folder);
  });

  it('shows JSONL datasets when asked for them', async () => {
    const workspace = path.join(dir, 'home', 'notebooks');
    mkdirSync(workspace, { recursive: true });
    writeFileSync(path.join(workspace, 'data.jsonl'), '{}\n');
    writeFileSync(path.join(workspace, 'a.organism.json'), notebookText);
    const listing = await core.invoke('files.list', { show: 'jsonl' });
    expect(listing.entries.map((e) => e.name)).toEqual(['data.jsonl']);
  });

  it('adds the folder of a notebook opened before as a place', async () => {
    const elsewhere = path.join(dir, 'projects', 'study');
    mkdirSync(elsewhere, { recursive: true });
    writeFileSync(path.join(elsewhere, 'mine.organism.json'), notebookText);
    await expect(core.invoke('files.list', { folder: elsewhere })).rejects.toThrow(/only the workspace and the folders of notebooks you opened before/);
    await core.invoke('notebook.open', { path: path.join(elsewhere, 'mine.organism.json') });
    const listing = await core.invoke('files.list', { folder: elsewhere });
    expect(listing.roots.map((r) => r.label)).toEqual(['Workspace', 'study']);
    expect(listing.entries.map((e) => e.name)).toEqual(['mine.organism.json']);
  });

  it('refuses paths that leave the places: .., a symlink out, a relative path, a bad request', async () => {
    const workspace = path.join(dir, 'home', 'notebooks');
    mkdirSync(workspace, { recursive: true });
    mkdirSync(path.join(dir, 'outside'));
    symlinkSync(path.join(dir, 'outside'), path.join(workspace, 'link'));
    await expect(core.invoke('files.list', { folder: path.join(workspace, '..', '..') })).rejects.toMatchObject({ code: 'folder-not-allowed' });
    await expect(core.invoke('files.list', { folder: path.join(workspace, 'link') })).rejects.toMatchObject({ code: 'folder-not-allowed' });
    await expect(core.invoke('files.list', { folder: 'notebooks' })).rejects.toMatchObject({ code: 'folder-not-allowed' });
    await expect(core.invoke('files.list', { folder: '/' })).rejects.toMatchObject({ code: 'folder-not-allowed' });
    await expect(core.invoke('files.list', { folder: '/x', recursive: true })).rejects.toMatchObject({ code: 'bad-request' });
    // The symlink itself is not listed either (it would lead out of the workspace).
    expect((await core.invoke('files.list', {})).entries.map((e) => e.name)).toEqual([]);
  });

  it('opens a bundled notebook (the welcome notebook) from its workspace copy', async () => {
    const state = await core.invoke('notebook.openBundled', { name: 'welcome' });
    expect(state.path).toBe(path.join(dir, 'home', 'notebooks', 'welcome.organism.json'));
    await expect(core.invoke('notebook.openBundled', { name: '../x' })).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('has no native dialog in the core (the web host shows the file list)', async () => {
    await expect(core.invoke('files.choose', { purpose: 'open' })).rejects.toMatchObject({ code: 'no-native-dialog' });
  });
});
