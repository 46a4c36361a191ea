// The EnginePort (electron/core/engine-port.ts) over NotebookEngine: one engine per open document,
// statuses forwarded to the renderer and written back into the notebook when a run ends, stale
// marks re-derived after each edit, artifacts carried along when an untitled notebook is saved.
import { existsSync } from 'node:fs';
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentChange, EngineEventSink, EnginePort, NotebookHandle, RunTarget } from '../engine-port.js';
import { EngineError } from '../engine-port.js';
import type { EventOf, ExportFormat } from '../../shared/api-contract.js';
import type { OutputSummary } from '../../shared/notebook-schema.js';
import { ArtifactStore } from './artifact-store.js';
import { NotebookEngine } from './engine.js';
import type { CellKindRegistry } from './types.js';

export interface EnginePortOptions<S> {
  registry: CellKindRegistry<S>;
  services: S;
  codeVersion: string;
  describeWorld(): Promise<unknown>;
  /** File name, beside a cell's result, of its per-prompt records (JSONL); absent: no records. */
  itemsFile?: string;
  /** Writes a document's report and metrics (the cell kinds' own formats); absent: export unsupported. */
  exportResults?(engine: NotebookEngine<S>, doc: NotebookHandle, formats: readonly ExportFormat[]): Promise<{ written: string[] }>;
  bridgeState(): EventOf<'bridge.status'>;
  onBridgeState?(listener: (state: EventOf<'bridge.status'>) => void): () => void;
  dispose(): Promise<void>;
  /** The services one document's cells get (e.g. a bridge chosen by its compute setting); default `services`. */
  servicesFor?(doc: NotebookHandle): S;
  /** Install or update the bridge on the machine a document's compute setting names. */
  installRemoteBridge?(doc: NotebookHandle): Promise<{ message: string }>;
}

interface OpenDocument<S> {
  handle: NotebookHandle;
  engine: NotebookEngine<S>;
  artifactsDir: string;
  refreshTimer: NodeJS.Timeout | null;
}

const TERMINAL = new Set(['done', 'error', 'cancelled']);

function sameOutput(a: OutputSummary | null, b: OutputSummary | null): boolean {
  if (!a || !b) return a === b;
  return a.status === b.status && a.hash === b.hash && a.finishedAt === b.finishedAt && a.error === b.error;
}

/** The records of an items.jsonl; [] when the file is absent. A damaged line is skipped, not fatal. */
async function readItems(file: string): Promise<Array<Record<string, unknown>>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  const items: Array<Record<string, unknown>> = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (value && typeof value === 'object' && !Array.isArray(value)) items.push(value as Record<string, unknown>);
    } catch {
      // an interrupted append leaves at most a partial last line
    }
  }
  return items;
}

export function createEnginePort<S>(options: EnginePortOptions<S>): EnginePort {
  let sink: EngineEventSink | null = null;
  const documents = new Map<string, OpenDocument<S>>();
  let unsubscribeBridge: (() => void) | null = null;

  const engineFor = (handle: NotebookHandle): OpenDocument<S> => {
    const artifactsDir = handle.artifactsDir();
    const existing = documents.get(handle.docId);
    if (existing && existing.artifactsDir === artifactsDir) {
      existing.handle = handle;
      return existing;
    }
    const engine = new NotebookEngine<S>({
      registry: options.registry,
      services: options.servicesFor?.(handle) ?? options.services,
      codeVersion: options.codeVersion,
      store: new ArtifactStore(path.join(artifactsDir, 'artifacts')),
      getCells: () => handle.notebook().cells,
      onStatus: (event) => {
        sink?.cellStatus({ docId: handle.docId, ...event });
        if (TERMINAL.has(event.status)) {
          try {
            // Re-derived statuses (after an edit, on open) usually match what the file holds:
            // writing them again would mark a just-opened notebook as modified.
            const stored = handle.notebook().cells.find((c) => c.id === event.cellId)?.output ?? null;
            if (sameOutput(stored, event.output)) return;
            handle.writeOutput(event.cellId, event.output);
          } catch {
            // The cell was deleted while it ran: its artifact stays in the cache, nothing to record.
          }
        }
      },
      onProgress: (event) => sink?.cellProgress({ docId: handle.docId, ...event }),
      onPartial: (event) => sink?.cellPartial({ docId: handle.docId, ...event }),
    });
    const doc: OpenDocument<S> = { handle, engine, artifactsDir, refreshTimer: null };
    documents.set(handle.docId, doc);
    return doc;
  };

  const scheduleRefresh = (doc: OpenDocument<S>): void => {
    if (doc.refreshTimer) clearTimeout(doc.refreshTimer);
    doc.refreshTimer = setTimeout(() => {
      doc.refreshTimer = null;
      doc.engine.refresh().catch((error: unknown) => console.error('[engine] status refresh failed:', error));
    }, 50);
  };

  return {
    connect(eventSink) {
      sink = eventSink;
      unsubscribeBridge?.();
      unsubscribeBridge = options.onBridgeState?.((state) => sink?.bridgeStatus(state)) ?? null;
    },
    async run(handle: NotebookHandle, target: RunTarget) {
      const { engine } = engineFor(handle);
      try {
        const { queued, done } = await engine.run(target);
        void done; // outcomes arrive as cell.status events
        return { queued };
      } catch (error) {
        throw new EngineError('run-failed', (error as Error).message);
      }
    },
    async cancel(handle, cellId) {
      return { cancelled: engineFor(handle).engine.cancel(cellId) };
    },
    async result(handle, cellId) {
      const artifact = await engineFor(handle).engine.result(cellId);
      if (!artifact) return null;
      return { hash: artifact.hash, kind: artifact.manifest.kind, manifest: artifact.manifest, summary: artifact.output.summary, data: artifact.output.data };
    },
    async items(handle, cellId) {
      if (!options.itemsFile) return [];
      // Only the folder: reading (and presenting) the whole result would be work thrown away.
      const dir = await engineFor(handle).engine.artifactDir(cellId);
      return dir ? readItems(path.join(dir, options.itemsFile)) : [];
    },
    ...(options.installRemoteBridge ? { installRemoteBridge: options.installRemoteBridge } : {}),
    async exportResults(handle, formats) {
      if (!options.exportResults) throw new EngineError('export-unsupported', 'This engine cannot export results.');
      try {
        return await options.exportResults(engineFor(handle).engine, handle, formats);
      } catch (error) {
        throw new EngineError('export-failed', `Export failed: ${(error as Error).message}`);
      }
    },
    describeWorld: () => options.describeWorld(),
    bridgeState: () => options.bridgeState(),
    cellKinds: () => [...options.registry.keys()],
    onDocumentChanged(handle: NotebookHandle, change: DocumentChange) {
      const before = documents.get(handle.docId);
      if (change.kind === 'saved' && before && before.artifactsDir !== handle.artifactsDir()) {
        // Save As / first save: bring the cached results along, so nothing already computed is lost.
        const from = before.artifactsDir;
        const to = handle.artifactsDir();
        if (existsSync(path.join(from, 'artifacts')) && !existsSync(path.join(to, 'artifacts'))) {
          void cp(path.join(from, 'artifacts'), path.join(to, 'artifacts'), { recursive: true, errorOnExist: false })
            .then(() => scheduleRefresh(engineFor(handle)))
            .catch((error: unknown) => console.error('[engine] copying artifacts after save failed:', error));
        }
      }
      scheduleRefresh(engineFor(handle));
    },
    onDocumentClosed(handle) {
      const doc = documents.get(handle.docId);
      if (!doc) return;
      doc.engine.cancel();
      if (doc.refreshTimer) clearTimeout(doc.refreshTimer);
      documents.delete(handle.docId);
    },
    async dispose() {
      for (const doc of documents.values()) doc.engine.cancel();
      documents.clear();
      unsubscribeBridge?.();
      await options.dispose();
    },
  };
}
