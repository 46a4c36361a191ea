// The core service end to end in plain Node: default notebook, open/save/recent, events, request
// validation and delegation to the EnginePort.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEventSink, EnginePort, NotebookHandle, RunTarget } from '../../../electron/core/engine-port.js';
import { DEFAULT_NOTEBOOK_CANDIDATES } from '../../../electron/core/notebook/default-notebook.js';
import { writeNotebookFile } from '../../../electron/core/notebook/notebook-files.js';
import { resolveAppRoot } from '../../../electron/core/service/app-paths.js';
import { createStudioCore, type CoreEvent, type StudioCore } from '../../../electron/core/studio-core.js';
import { notebookWith, tempDir } from './support/notebooks.js';

const cores: StudioCore[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.dispose()));
});
function core(options: Partial<Parameters<typeof createStudioCore>[0]> = {}): StudioCore {
  const made = createStudioCore({ home: path.join(tempDir(), 'home'), autosaveDelayMs: 60_000, ...options });
  cores.push(made);
  return made;
}

/** A stand-in engine that records what the core asks of it (the real one needs the Python bridge). */
function recordingEngine(): EnginePort & { calls: string[]; sink: EngineEventSink | null; handles: NotebookHandle[] } {
  const engine = {
    calls: [] as string[],
    sink: null as EngineEventSink | null,
    handles: [] as NotebookHandle[],
    connect(sink: EngineEventSink) {
      engine.sink = sink;
    },
    async run(doc: NotebookHandle, target: RunTarget) {
      engine.calls.push(`run ${JSON.stringify(target)}`);
      engine.handles.push(doc);
      return { queued: doc.notebook().cells.map((c) => c.id) };
    },
    async cancel(_doc: NotebookHandle, cellId?: string) {
      engine.calls.push(`cancel ${cellId ?? '*'}`);
      return { cancelled: cellId ? [cellId] : [] };
    },
    async result(_doc: NotebookHandle, cellId: string) {
      return { metrics: { cellId } };
    },
    async items() {
      return [];
    },
    async exportResults(doc: NotebookHandle, formats: readonly string[]) {
      engine.calls.push(`export ${formats.join(',')}`);
      return { written: formats.map((f) => `${doc.path() ?? 'untitled'}.${f}`) };
    },
    async describeWorld() {
      return { triggers: [] };
    },
    bridgeState: () => ({ state: 'ready' as const, detail: 'test' }),
    onDocumentChanged(_doc: NotebookHandle, change: { kind: string }) {
      engine.calls.push(`changed ${change.kind}`);
    },
    onDocumentClosed() {
      engine.calls.push('closed');
    },
    async dispose() {
      engine.calls.push('dispose');
    },
  };
  return engine;
}

describe('studio core', () => {
  it('opens the default notebook from a writable copy in the workspace, once', async () => {
    const home = path.join(tempDir(), 'home');
    const studio = core({ home });
    const state = await studio.invoke('notebook.openDefault', {});
    const asset = DEFAULT_NOTEBOOK_CANDIDATES.map((n) => path.join(resolveAppRoot(), 'assets', 'notebooks', n)).find((p) => existsSync(p));
    expect(state.path).toBe(path.join(home, 'notebooks', path.basename(asset!)));
    expect(state.notebook.cells.length).toBeGreaterThan(0);
    await studio.invoke('notebook.edit', { docId: state.docId, edit: { op: 'setTitle', title: 'mine' } });
    await studio.invoke('notebook.save', { docId: state.docId });
    await studio.invoke('notebook.close', { docId: state.docId });
    const again = await studio.invoke('notebook.openDefault', {});
    expect(again.notebook.title).toBe('mine'); // the user's copy, not a fresh one from assets
  });

  it('prefers default-study over the welcome notebook when both exist', async () => {
    const appRoot = tempDir('organism-app-');
    mkdirSync(path.join(appRoot, 'assets', 'notebooks'), { recursive: true });
    writeFileSync(path.join(appRoot, 'package.json'), '{"name": "organism-studio", "version": "9.9.9"}');
    await writeNotebookFile(path.join(appRoot, 'assets', 'notebooks', 'welcome.organism.json'), notebookWith(1, 'welcome'));
    const studio = core({ appRoot });
    expect((await studio.invoke('notebook.openDefault', {})).notebook.title).toBe('welcome');
    await writeNotebookFile(path.join(appRoot, 'assets', 'notebooks', 'default-study.organism.json'), notebookWith(1, 'study'));
    expect((await core({ appRoot }).invoke('notebook.openDefault', {})).notebook.title).toBe('study');
    expect((await studio.invoke('app.info', {})).version).toBe('9.9.9');
  });

  it('saves as a new file, remembers recent files and returns the open document for a path', async () => {
    const dir = tempDir();
    const studio = core();
    const doc = await studio.invoke('notebook.new', {});
    await expect(studio.invoke('notebook.save', { docId: doc.docId })).rejects.toThrow(/no file yet: save it with a path/);
    await expect(studio.invoke('notebook.save', { docId: doc.docId, path: path.join(dir, 'a.json') })).rejects.toThrow(/must end in \.organism\.json/);
    const first = path.join(dir, 'first.organism.json');
    const saved = await studio.invoke('notebook.save', { docId: doc.docId, path: first });
    expect(saved).toMatchObject({ path: first, dirty: false });
    expect(JSON.parse(readFileSync(first, 'utf8')).format).toBe('organism-studio-notebook');
    const second = path.join(dir, 'second.organism.json');
    cpSync(first, second);
    await studio.invoke('notebook.open', { path: second });
    expect((await studio.invoke('notebook.recent', {})).paths).toEqual([second, first]);
    expect((await studio.invoke('notebook.open', { path: first })).docId).toBe(doc.docId);
    await expect(studio.invoke('notebook.save', { docId: doc.docId, path: second })).rejects.toThrow(/is open in another tab/);
  });

  it('puts relative paths in the workspace folder, not the process working directory', async () => {
    const home = path.join(tempDir(), 'home');
    const studio = core({ home });
    const doc = await studio.invoke('notebook.new', {});
    const saved = await studio.invoke('notebook.save', { docId: doc.docId, path: 'studies/first.organism.json' });
    expect(saved.path).toBe(path.join(home, 'notebooks', 'studies', 'first.organism.json'));
    expect(existsSync(saved.path!)).toBe(true);
    expect((await studio.invoke('notebook.open', { path: 'studies/first.organism.json' })).docId).toBe(doc.docId);
  });

  it('emits document.changed for every change, and rejects bad requests with the field and fix', async () => {
    const studio = core();
    const events: CoreEvent[] = [];
    studio.subscribe((e) => events.push(e));
    const doc = await studio.invoke('notebook.new', {});
    await studio.invoke('notebook.edit', { docId: doc.docId, edit: { op: 'addCell', index: 0, kind: 'markdown' } });
    await studio.invoke('notebook.undo', { docId: doc.docId });
    expect(events.map((e) => e.channel)).toEqual(['document.changed', 'document.changed']);
    await expect(studio.invoke('notebook.edit', { docId: doc.docId, edit: { op: 'explode' } })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/^notebook\.edit request: edit\.op/) });
    await expect(studio.invoke('notebook.undo', { docId: 'gone' })).rejects.toMatchObject({ code: 'unknown-document' });
    await expect(studio.invoke('nope.nope' as 'app.info', {})).rejects.toMatchObject({ code: 'unknown-channel' });
    await expect(studio.invoke('notebook.open', { path: path.join(tempDir(), 'missing.organism.json') })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('delegates execution to the engine port and forwards its events', async () => {
    const engine = recordingEngine();
    const studio = core({ engine });
    const events: CoreEvent[] = [];
    studio.subscribe((e) => events.push(e));
    const dir = tempDir();
    const file = path.join(dir, 'run.organism.json');
    await writeNotebookFile(file, notebookWith(2));
    const doc = await studio.invoke('notebook.open', { path: file });
    expect(await studio.invoke('cell.run', { docId: doc.docId, target: 'stale' })).toEqual({ queued: ['cell0', 'cell1'] });
    expect(await studio.invoke('cell.cancel', { docId: doc.docId, cellId: 'cell1' })).toEqual({ cancelled: ['cell1'] });
    expect(await studio.invoke('cell.result', { docId: doc.docId, cellId: 'cell1' })).toEqual({ result: { metrics: { cellId: 'cell1' } } });
    expect(await studio.invoke('world.describe', {})).toEqual({ world: { triggers: [] } });
    expect((await studio.invoke('app.info', {})).bridge).toEqual({ state: 'ready', detail: 'test' });

    const handle = engine.handles[0]!;
    expect(handle.path()).toBe(file);
    expect(handle.artifactsDir()).toBe(path.join(dir, 'run.studio'));
    engine.sink?.cellStatus({ docId: doc.docId, cellId: 'cell1', status: 'running' });
    handle.writeOutput('cell1', { status: 'done', durationMs: 5 });
    handle.writeOutput('cell0', { status: 'done', durationMs: 1 });
    await new Promise((r) => setImmediate(r));
    const changed = events.filter((e) => e.channel === 'document.changed');
    expect(changed).toHaveLength(1); // outputs written in one tick: one event
    expect(events.map((e) => e.channel)).toEqual(['cell.status', 'document.changed']);

    await studio.invoke('notebook.edit', { docId: doc.docId, edit: { op: 'setTitle', title: 't' } });
    await studio.invoke('notebook.close', { docId: doc.docId });
    expect(engine.calls).toEqual(['changed opened', 'run "stale"', 'cancel cell1', 'changed edit', 'closed']);
  });

  it('says why cells cannot run when no engine is plugged in', async () => {
    const studio = core();
    const doc = await studio.invoke('notebook.new', {});
    await expect(studio.invoke('cell.run', { docId: doc.docId, target: 'all' })).rejects.toMatchObject({ code: 'engine-unavailable', message: expect.stringMatching(/^cell execution is not available: /) });
    expect((await studio.invoke('app.info', {})).bridge.state).toBe('unavailable');
  });
});
