// The core service: every request channel of the renderer↔core contract, in plain Node. Hosts
// (Electron IPC, the web host's WebSocket) are thin adapters that call `invoke` and forward the
// events from `subscribe`. Cell execution and the world catalogue are delegated to an EnginePort.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  requestChannels,
  type DocumentState,
  type EventChannel,
  type EventOf,
  type ReplyOf,
  type RequestChannel,
} from '../shared/api-contract.js';
import { createUnavailableEngine, type DocumentChange, type EnginePort } from './engine-port.js';
import { defaultNotebookAsset, workspaceCopyOf } from './notebook/default-notebook.js';
import { NotebookDocument, emptyNotebook } from './notebook/notebook-document.js';
import { modifiedAt, openNotebookFile } from './notebook/notebook-files.js';
import { findNewerRecovery, orphanedUntitledRecoveries } from './notebook/recovery-files.js';
import { RecentFiles } from './notebook/recent-files.js';
import { listFolder } from './notebook/file-list.js';
import { appVersion, resolveAppRoot } from './service/app-paths.js';
import { StudioError, describeZodError } from './service/studio-errors.js';

export interface StudioCoreOptions {
  /** ORGANISM_STUDIO_HOME: recent files, recovery files, the workspace copy of the default notebook. */
  home: string;
  engine?: EnginePort;
  /** The notebook `notebook.openDefault` opens (default: assets/notebooks/, copied into home). */
  defaultNotebookPath?: string;
  /** Folder holding package.json and assets/ (default: found from this module's location). */
  appRoot?: string;
  host?: 'electron' | 'web';
  autosaveDelayMs?: number;
}

export type CoreEvent = { [C in EventChannel]: { channel: C; payload: EventOf<C> } }[EventChannel];

export interface StudioCore {
  readonly home: string;
  /** Validate `request` against the channel's schema and run it. Rejects with StudioError-like errors. */
  invoke<C extends RequestChannel>(channel: C, request: unknown): Promise<ReplyOf<C>>;
  /** Receive every event for every renderer; returns the unsubscribe function. */
  subscribe(listener: (event: CoreEvent) => void): () => void;
  /** Emit an event from the host (menu commands become `app.command`). */
  emit<C extends EventChannel>(channel: C, payload: EventOf<C>): void;
  /** Flush autosaves (keeping recovery files), stop the engine. */
  dispose(): Promise<void>;
}

type Handlers = { [C in RequestChannel]: (request: ReplyInput<C>) => Promise<ReplyOf<C>> };
type ReplyInput<C extends RequestChannel> = import('zod').infer<(typeof requestChannels)[C]['request']>;

export function createStudioCore(options: StudioCoreOptions): StudioCore {
  const home = path.resolve(options.home);
  mkdirSync(home, { recursive: true });
  const appRoot = options.appRoot ?? resolveAppRoot();
  const engine = options.engine ?? createUnavailableEngine();
  const recent = new RecentFiles(home);
  const documents = new Map<string, NotebookDocument>();
  const listeners = new Set<(event: CoreEvent) => void>();
  let outputsFlush: Set<NotebookDocument> | null = null;

  const emit = <C extends EventChannel>(channel: C, payload: EventOf<C>): void => {
    const event = { channel, payload } as CoreEvent;
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error(`[studio-core] an event listener for ${channel} threw:`, error);
      }
    }
  };

  engine.connect({
    cellStatus: (e) => emit('cell.status', e),
    cellProgress: (e) => emit('cell.progress', e),
    cellPartial: (e) => emit('cell.partial', e),
    bridgeStatus: (e) => emit('bridge.status', e),
  });

  const onChange = (doc: NotebookDocument, change: DocumentChange | { kind: 'outputs' } | { kind: 'recovery' } | { kind: 'autosaved' }): void => {
    if (change.kind === 'outputs') {
      // An engine writing many outputs in one tick produces one document.changed.
      if (!outputsFlush) {
        outputsFlush = new Set();
        setImmediate(() => {
          const docs = outputsFlush ?? new Set<NotebookDocument>();
          outputsFlush = null;
          for (const d of docs) if (documents.has(d.docId)) emit('document.changed', d.state());
        });
      }
      outputsFlush.add(doc);
      return;
    }
    if (change.kind !== 'recovery' && change.kind !== 'autosaved') tellEngine(doc, change);
    emit('document.changed', doc.state());
  };

  /** The edit has happened whatever the engine thinks of it: an engine failure is logged, not thrown. */
  const tellEngine = (doc: NotebookDocument, change: DocumentChange): void => {
    try {
      engine.onDocumentChanged(doc.handle, change);
    } catch (error) {
      console.error(`[studio-core] the engine failed to process a ${change.kind} of ${doc.docId}:`, error);
    }
  };

  const createDocument = (notebookPath: string | null, notebook = emptyNotebook(), recovery: DocumentState['recovery'] = null): NotebookDocument => {
    const doc = new NotebookDocument({
      docId: randomUUID(),
      home,
      path: notebookPath,
      notebook,
      recovery,
      onChange,
      ...(engine.cellKinds ? { cellKinds: () => engine.cellKinds?.() ?? [] } : {}),
      onAutosaveError: (error) => console.error(`[studio-core] autosave failed: ${(error as Error).message}`),
      ...(options.autosaveDelayMs !== undefined ? { autosaveDelayMs: options.autosaveDelayMs } : {}),
    });
    documents.set(doc.docId, doc);
    tellEngine(doc, { kind: 'opened' });
    return doc;
  };

  /**
   * Paths typed by a user: `~/…` is their home folder, and a bare or relative name lands in the
   * workspace (<home>/notebooks/), not in whatever folder the host process happened to start in.
   */
  const resolveUserPath = (requested: string): string => {
    if (requested === '~' || requested.startsWith('~/')) return path.join(os.homedir(), requested.slice(1));
    return path.isAbsolute(requested) ? path.normalize(requested) : path.join(home, 'notebooks', requested);
  };

  const documentFor = (docId: string): NotebookDocument => {
    const doc = documents.get(docId);
    if (!doc) throw new StudioError('unknown-document', `no open notebook has id "${docId}"; it was closed or the app restarted — open it again.`);
    return doc;
  };

  const openPath = async (requested: string): Promise<DocumentState> => {
    const notebookPath = resolveUserPath(requested);
    for (const doc of documents.values()) if (doc.path === notebookPath) return doc.state();
    const notebook = await openNotebookFile(notebookPath);
    const docId = randomUUID();
    const recovery = await findNewerRecovery(notebookPath, home, docId);
    const doc = createDocument(notebookPath, notebook, recovery);
    await recent.add(notebookPath);
    return doc.state();
  };

  const handlers: Handlers = {
    'app.info': async () => ({ version: appVersion(appRoot), host: options.host ?? 'web', platform: process.platform, bridge: engine.bridgeState() }),
    'notebook.new': async () => {
      const inUse = new Set([...documents.values()].map((d) => d.recoveryPath));
      const [orphan] = await orphanedUntitledRecoveries(home, inUse);
      return createDocument(null, emptyNotebook(), orphan ?? null).state();
    },
    'notebook.openDefault': async () => {
      const source = options.defaultNotebookPath ?? defaultNotebookAsset(appRoot);
      return openPath(options.defaultNotebookPath ? source : await workspaceCopyOf(source, home));
    },
    'notebook.open': async ({ path: p }) => openPath(p),
    'notebook.openBundled': async ({ name }) => openPath(await workspaceCopyOf(path.join(appRoot, 'assets', 'notebooks', `${name}.organism.json`), home)),
    'notebook.restoreRecovery': async ({ docId }) => {
      const doc = documentFor(docId);
      await doc.restoreRecovery();
      return doc.state();
    },
    'notebook.discardRecovery': async ({ docId }) => {
      const doc = documentFor(docId);
      await doc.discardRecovery();
      return doc.state();
    },
    'notebook.save': async ({ docId, path: target, overwrite }) => {
      const doc = documentFor(docId);
      const resolved = target ? resolveUserPath(target) : undefined;
      if (resolved) {
        for (const other of documents.values()) {
          if (other !== doc && other.path === resolved) throw new StudioError('path-in-use', `${resolved} is open in another tab; close it first or save under another name.`);
        }
        // File access policy (README): Save As never silently replaces another file.
        if (resolved !== doc.path && !overwrite && (await modifiedAt(resolved)) !== null) {
          throw new StudioError('file-exists', `${resolved} already exists. Replace it (confirm the overwrite) or choose another name.`);
        }
      }
      // Folders are created only inside the workspace; elsewhere Save As needs an existing folder.
      const workspace = path.join(home, 'notebooks') + path.sep;
      await doc.save(resolved, { createFolders: resolved === undefined || resolved.startsWith(workspace) });
      if (doc.path) await recent.add(doc.path);
      return doc.state();
    },
    'notebook.edit': async ({ docId, edit }) => {
      const doc = documentFor(docId);
      doc.edit(edit);
      return doc.state();
    },
    'notebook.undo': async ({ docId }) => {
      const doc = documentFor(docId);
      doc.undo();
      return doc.state();
    },
    'notebook.redo': async ({ docId }) => {
      const doc = documentFor(docId);
      doc.redo();
      return doc.state();
    },
    'notebook.close': async ({ docId }) => {
      const doc = documents.get(docId);
      if (!doc) return { closed: false };
      documents.delete(docId);
      engine.onDocumentClosed(doc.handle);
      await doc.close();
      return { closed: true };
    },
    'notebook.recent': async () => ({ paths: await recent.list() }),
    'files.list': async ({ folder, show }) => listFolder({ home, recentNotebooks: await recent.list(), show, ...(folder ? { folder } : {}) }),
    'files.choose': async () => {
      throw new StudioError('no-native-dialog', 'this host has no native file dialog: pick the file in the file list, or type its path.');
    },
    'cell.run': async ({ docId, target }) => engine.run(documentFor(docId).handle, target),
    'cell.cancel': async ({ docId, cellId }) => engine.cancel(documentFor(docId).handle, cellId),
    'cell.result': async ({ docId, cellId }) => ({ result: (await engine.result(documentFor(docId).handle, cellId)) ?? null }),
    'cell.items': async ({ docId, cellId }) => ({ items: await engine.items(documentFor(docId).handle, cellId) }),
    'world.describe': async () => ({ world: await engine.describeWorld() }),
    'notebook.export': async ({ docId, formats }) => engine.exportResults(documentFor(docId).handle, formats),
    'compute.installBridge': async ({ docId }) => {
      if (!engine.installRemoteBridge) throw new StudioError('engine-unavailable', 'This build cannot install a remote bridge (no study engine).');
      return engine.installRemoteBridge(documentFor(docId).handle);
    },
  };

  return {
    home,
    async invoke<C extends RequestChannel>(channel: C, request: unknown): Promise<ReplyOf<C>> {
      if (!Object.hasOwn(requestChannels, channel)) {
        throw new StudioError('unknown-channel', `"${String(channel)}" is not an API channel; the channels are: ${Object.keys(requestChannels).join(', ')}.`);
      }
      const parsed = requestChannels[channel].request.safeParse(request ?? {});
      if (!parsed.success) throw new StudioError('bad-request', describeZodError(`${channel} request`, parsed.error));
      const handler = handlers[channel] as (r: unknown) => Promise<ReplyOf<C>>;
      return handler(parsed.data);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit,
    async dispose() {
      await Promise.all([...documents.values()].map((doc) => doc.shutdown()));
      documents.clear();
      listeners.clear();
      await engine.dispose();
    },
  };
}
