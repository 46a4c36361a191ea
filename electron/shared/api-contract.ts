// The one contract between the renderer and the core: every request (with its reply) and every event,
// each with a zod schema. Both hosts (Electron IPC, web WebSocket) validate every message against
// this map on both sides of the process boundary; the renderer only sees a typed `StudioApi`.
// Adding a channel here is the only step needed to expose a new core call to the UI.
import { z } from 'zod';
import { CellPartialSchema } from './cell-partials.js';
import { ComputeSettingSchema } from './compute-schema.js';
import { CellSchema, CellStatusSchema, OutputSummarySchema } from './notebook-schema.js';
import { NotebookWireSchema } from './notebook-wire.js';

const DocId = z.string().min(1);

/** Structural edits of a notebook. The core applies them (and records undo), never the renderer. */
export const EditOpSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('addCell'),
    index: z.number().int().nonnegative(),
    kind: z.string().min(1),
    name: z.string().optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    inputs: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  }),
  z.object({ op: z.literal('deleteCell'), id: z.string() }),
  z.object({ op: z.literal('moveCell'), id: z.string(), toIndex: z.number().int().nonnegative() }),
  z.object({ op: z.literal('duplicateCell'), id: z.string() }),
  z.object({
    op: z.literal('updateCell'),
    id: z.string(),
    patch: z.object({
      name: z.string().min(1).optional(),
      config: z.record(z.string(), z.unknown()).optional(),
      inputs: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
      metadata: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
  z.object({ op: z.literal('setTitle'), title: z.string() }),
  /** Where the notebook's bridge runs (compute-schema.ts); null: this machine. */
  z.object({ op: z.literal('setCompute'), compute: ComputeSettingSchema.nullable() }),
]);
export type EditOp = z.infer<typeof EditOpSchema>;

export const DocumentStateSchema = z.object({
  docId: DocId,
  path: z.string().nullable(),
  /** A structural check only: the core validated the notebook in full (notebook-wire.ts says why). */
  notebook: NotebookWireSchema,
  dirty: z.boolean(),
  canUndo: z.boolean(),
  canRedo: z.boolean(),
  /** Present when a recovery file newer than the saved file exists: the UI offers to restore it. */
  recovery: z.object({ savedAt: z.string(), path: z.string() }).nullable(),
  /** ISO time of the last autosave to the recovery file since the last save (status bar shows it). */
  autosavedAt: z.string().nullable().optional(),
});
export type DocumentState = z.infer<typeof DocumentStateSchema>;

export const BridgeStateSchema = z.object({
  state: z.enum(['stopped', 'starting', 'ready', 'busy', 'crashed', 'unavailable']),
  detail: z.string().default(''),
});

export const CellProgressSchema = z.object({
  docId: DocId,
  cellId: z.string(),
  phase: z.string(), // e.g. 'train', 'export', 'evaluate'
  step: z.number().nonnegative().optional(),
  total: z.number().nonnegative().optional(),
  loss: z.number().optional(),
  tokensPerSec: z.number().nonnegative().optional(),
  etaSec: z.number().nonnegative().optional(),
  message: z.string().optional(),
});

/** The result so far of a running cell (throttled; each one replaces the previous; see cell-partials.ts). */
export const CellPartialEventSchema = z.object({
  docId: DocId,
  cellId: z.string(),
  partial: CellPartialSchema,
});

const Empty = z.object({}).strict();

/** The notebooks that ship with the app (assets/notebooks/<name>.organism.json). */
export const BundledNotebookSchema = z.enum(['welcome', 'quick-tour', 'default-study', 'trigger-behaviour-study']);
export type BundledNotebook = z.infer<typeof BundledNotebookSchema>;

/** Request channels: name → { request params, reply }. */
/** What `notebook.export` writes: the HTML report, a Jupyter notebook, the metrics CSV, the metrics JSON. */
export const ExportFormatSchema = z.enum(['html', 'ipynb', 'csv', 'json']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

export const requestChannels = {
  'app.info': {
    request: Empty,
    reply: z.object({
      version: z.string(),
      host: z.enum(['electron', 'web']),
      platform: z.string(),
      bridge: BridgeStateSchema,
    }),
  },
  'notebook.new': { request: Empty, reply: DocumentStateSchema },
  'notebook.openDefault': { request: Empty, reply: DocumentStateSchema },
  'notebook.open': { request: z.object({ path: z.string().min(1) }), reply: DocumentStateSchema },
  /** One of the notebooks shipped in assets/notebooks/ (its workspace copy, made on first open). */
  'notebook.openBundled': { request: z.object({ name: BundledNotebookSchema }).strict(), reply: DocumentStateSchema },
  'notebook.restoreRecovery': { request: z.object({ docId: DocId }), reply: DocumentStateSchema },
  'notebook.discardRecovery': { request: z.object({ docId: DocId }), reply: DocumentStateSchema },
  'notebook.save': {
    /** `overwrite`: the user confirmed replacing an existing file that is not this notebook's own. */
    request: z.object({ docId: DocId, path: z.string().min(1).optional(), overwrite: z.boolean().optional() }),
    reply: DocumentStateSchema,
  },
  'notebook.edit': { request: z.object({ docId: DocId, edit: EditOpSchema }), reply: DocumentStateSchema },
  'notebook.undo': { request: z.object({ docId: DocId }), reply: DocumentStateSchema },
  'notebook.redo': { request: z.object({ docId: DocId }), reply: DocumentStateSchema },
  'notebook.close': { request: z.object({ docId: DocId }), reply: z.object({ closed: z.boolean() }) },
  'notebook.recent': { request: Empty, reply: z.object({ paths: z.array(z.string()) }) },
  /**
   * The web host's file list (Open, Save As, the JSONL picker): one folder of the workspace or of a
   * notebook opened before (README "File access"); anything else is refused. Only folders and the
   * files asked for (`show`) are listed.
   */
  'files.list': {
    request: z.object({ folder: z.string().min(1).max(4096).optional(), show: z.enum(['notebook', 'jsonl']).default('notebook') }).strict(),
    reply: z.object({
      folder: z.string(),
      parent: z.string().nullable(),
      roots: z.array(z.object({ path: z.string(), label: z.string() })),
      entries: z.array(
        z.object({
          name: z.string(),
          path: z.string(),
          kind: z.enum(['folder', 'notebook', 'jsonl']),
          modifiedAt: z.string().nullable(),
          size: z.number().nonnegative().nullable(),
        }),
      ),
      truncated: z.boolean(),
    }),
  },
  /**
   * A native file dialog (Electron host only; the web host refuses with `no-native-dialog` and the
   * renderer shows its file list instead). `path` is null when the user cancelled.
   */
  'files.choose': {
    request: z.object({ purpose: z.enum(['open', 'save', 'jsonl']), suggested: z.string().max(4096).optional() }).strict(),
    reply: z.object({ path: z.string().nullable() }),
  },
  'cell.run': {
    request: z.object({ docId: DocId, target: z.union([z.object({ cellId: z.string() }), z.enum(['all', 'stale'])]) }),
    reply: z.object({ queued: z.array(z.string()) }),
  },
  'cell.cancel': {
    request: z.object({ docId: DocId, cellId: z.string().optional() }),
    reply: z.object({ cancelled: z.array(z.string()) }),
  },
  /** Full result of a cell's last run (metrics, curves, samples), read from the artifact store. */
  'cell.result': {
    request: z.object({ docId: DocId, cellId: z.string() }),
    reply: z.object({ result: z.unknown().nullable() }),
  },
  /**
   * The prompts behind a cell's numbers: its last run's `items.jsonl` (one record per evaluated
   * prompt: the messages, the answer, how it scored, and the model, seed and step). Empty when the
   * cell evaluated nothing or its result predates the records.
   */
  'cell.items': {
    request: z.object({ docId: DocId, cellId: z.string() }),
    reply: z.object({ items: z.array(z.record(z.string(), z.unknown())) }),
  },
  'world.describe': { request: Empty, reply: z.object({ world: z.unknown() }) },
  /** Copy python-bridge (with its version) to the SSH target of the notebook's compute setting; the reply says what was installed where. */
  'compute.installBridge': { request: z.object({ docId: DocId }).strict(), reply: z.object({ message: z.string() }) },
  /**
   * Write the notebook's results, from cached runs only: the report (self-contained HTML), a Jupyter
   * notebook and the metrics (CSV, JSON), next to the notebook file. Replies with the absolute paths written.
   */
  'notebook.export': {
    request: z.object({ docId: DocId, formats: z.array(ExportFormatSchema).min(1) }),
    reply: z.object({ written: z.array(z.string()) }),
  },
} as const;

/** Event channels: name → payload, pushed from the core to every renderer. */
export const eventChannels = {
  'document.changed': DocumentStateSchema,
  'cell.status': z.object({
    docId: DocId,
    cellId: z.string(),
    status: CellStatusSchema,
    output: OutputSummarySchema.nullable().optional(),
  }),
  'cell.progress': CellProgressSchema,
  'cell.partial': CellPartialEventSchema,
  'bridge.status': BridgeStateSchema,
  /** A menu command from the host (Electron menus, or the web host's own keyboard map). */
  'app.command': z.object({ command: z.string(), args: z.unknown().optional() }),
} as const;

export type RequestChannel = keyof typeof requestChannels;
export type EventChannel = keyof typeof eventChannels;
export type RequestOf<C extends RequestChannel> = z.input<(typeof requestChannels)[C]['request']>;
export type ReplyOf<C extends RequestChannel> = z.infer<(typeof requestChannels)[C]['reply']>;
export type EventOf<C extends EventChannel> = z.infer<(typeof eventChannels)[C]>;

/** The only object the renderer sees (exposed by the preload, or by the web host's client). */
export interface StudioApi {
  invoke<C extends RequestChannel>(channel: C, request: RequestOf<C>): Promise<ReplyOf<C>>;
  on<C extends EventChannel>(channel: C, listener: (payload: EventOf<C>) => void): () => void;
}

/** Errors cross the boundary as { code, message }: message names the problem and the fix. */
export const ApiErrorSchema = z.object({ code: z.string(), message: z.string() });
export type ApiError = z.infer<typeof ApiErrorSchema>;

export { CellSchema };
