// The seam between the core service (documents, hosts) and the execution engine (DAG, run queue,
// bridge, inference). The core owns notebook documents; the engine owns cell execution. The core
// hands the engine a `NotebookHandle` per open document (read the current notebook, know where
// its artifacts live, write output summaries back into cells) and forwards every edit so the
// engine can mark downstream cells stale. The engine reports progress through the `EngineEventSink`
// it receives once in `connect`. Nothing here imports Electron.
import type { EditOp, EventOf, ExportFormat } from '../shared/api-contract.js';
import type { Notebook, OutputSummary } from '../shared/notebook-schema.js';

/** Read access to one open document, plus the single write the engine may do (cell outputs). */
export interface NotebookHandle {
  readonly docId: string;
  /** Absolute path of the `.organism.json` file, or null while the notebook is untitled. */
  path(): string | null;
  /**
   * Directory for this notebook's artifacts: `<dir>/<name>.studio/` next to the file, or a
   * per-document folder under ORGANISM_STUDIO_HOME/untitled/ while untitled. Created on demand
   * by whoever writes there.
   */
  artifactsDir(): string;
  /** The current notebook (a deep-frozen snapshot; never mutate it). */
  notebook(): Notebook;
  /**
   * Store the summary of a cell's last run in the notebook (not an undoable edit; marks the
   * document dirty and emits `document.changed`). Passing null clears it. Unknown cell ids throw.
   */
  writeOutput(cellId: string, output: OutputSummary | null): void;
}

export type RunTarget = { cellId: string } | 'all' | 'stale';

/** Why the engine is told about a document change. */
export type DocumentChange =
  | { kind: 'opened' }
  | { kind: 'edit'; op: EditOp }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'restored' } // recovery file restored: anything may have changed
  | { kind: 'saved'; path: string }; // path may differ from before (Save As): artifacts dir moves

/** Events the engine pushes; the core forwards them to every renderer as the matching channels. */
export interface EngineEventSink {
  cellStatus(event: EventOf<'cell.status'>): void;
  cellProgress(event: EventOf<'cell.progress'>): void;
  cellPartial(event: EventOf<'cell.partial'>): void;
  bridgeStatus(event: EventOf<'bridge.status'>): void;
}

export interface EnginePort {
  /** Called once by the core before any other method. */
  connect(sink: EngineEventSink): void;
  /** Queue cells for execution; resolves once queued (not when finished) with the queued ids. */
  run(doc: NotebookHandle, target: RunTarget): Promise<{ queued: string[] }>;
  /** Cancel one cell (or every queued/running cell of the document when cellId is undefined). */
  cancel(doc: NotebookHandle, cellId?: string): Promise<{ cancelled: string[] }>;
  /** Full result of a cell's last run (from the artifact store), or null when there is none. */
  result(doc: NotebookHandle, cellId: string): Promise<unknown>;
  /** The evaluated-prompt records beside a cell's last result (`items.jsonl`); [] when none. */
  items(doc: NotebookHandle, cellId: string): Promise<Array<Record<string, unknown>>>;
  /**
   * Write the document's report and metrics from its cached results (nothing runs): next to the
   * notebook file, or in its artifacts folder while untitled. Resolves with the paths written.
   */
  exportResults(doc: NotebookHandle, formats: readonly ExportFormat[]): Promise<{ written: string[] }>;
  /** The world catalogue (triggers, behaviours, passwords, datasets, presets). */
  describeWorld(): Promise<unknown>;
  /** Current state of the Python bridge, for `app.info`. */
  bridgeState(): EventOf<'bridge.status'>;
  /** The cell kinds it runs: `addCell` accepts these and markdown (absent: the core's own list). */
  cellKinds?(): readonly string[];
  /** Install or update the bridge on the SSH target of the document's compute setting; says what it did. */
  installRemoteBridge?(doc: NotebookHandle): Promise<{ message: string }>;
  /** The document changed (after the change is applied). Synchronous; do heavy work later. */
  onDocumentChanged(doc: NotebookHandle, change: DocumentChange): void;
  /** The document was closed: cancel its runs, drop its state. */
  onDocumentClosed(doc: NotebookHandle): void;
  /** Stop everything (bridge process, workers). */
  dispose(): Promise<void>;
}

/** Thrown by ports to cross the API boundary as `{ code, message }`. */
export class EngineError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** The port used until an engine is plugged in: documents work, execution says why it cannot. */
export function createUnavailableEngine(reason = 'no execution engine is installed in this build'): EnginePort {
  const fail = (what: string): never => {
    throw new EngineError('engine-unavailable', `cell execution is not available: ${reason} (while trying to ${what}).`);
  };
  return {
    connect: () => undefined,
    run: async () => fail('run cells'),
    cancel: async () => ({ cancelled: [] }),
    result: async () => null,
    items: async () => [],
    exportResults: async () => fail('export results'),
    describeWorld: async () => fail('describe the world catalogue'),
    bridgeState: () => ({ state: 'unavailable', detail: reason }),
    onDocumentChanged: () => undefined,
    onDocumentClosed: () => undefined,
    dispose: async () => undefined,
  };
}
