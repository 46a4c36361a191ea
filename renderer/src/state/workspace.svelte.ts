// The renderer's state of one open notebook, as a class of runes (like the svelte.dev REPL's
// Workspace). The core owns the document: every change is a `notebook.edit` (or undo/redo/save)
// and the reply — or a `document.changed` event — replaces our mirror wholesale. We only keep UI
// state here: selection, mode, live run status/progress/results, pending edits, notices.
import { SvelteSet } from 'svelte/reactivity';
import type { BundledNotebook, DocumentState, EditOp, EventOf, ReplyOf, StudioApi } from '../../../electron/shared/api-contract.js';
import type { Cell, CellStatus, OutputSummary } from '../../../electron/shared/notebook-schema.js';
import type { CellConfig, CellInputs } from '../cells/types.js';
import { isRunnableKind, newCellDefaults } from '../cells/registry.js';
import { errorMessage, type ConnectionState, type HostKind, type PickedApi } from '../lib/pick-api.js';
import { Notices } from './notices.svelte.js';
import { PendingEdits } from './pending-edits.js';
import { RunState } from './run-state.svelte.js';
import { reuseUnchangedCells, withPatches } from './document-merge.js';
import { notebookPathFromLocation, rememberNotebookPath } from '../lib/location-notebook.js';
import { recallSelection, rememberSelection } from '../lib/selection-memory.js';
import { WORKSPACE_EVENTS, startInitialRequests, type InitialRequests, type RecordedEvent } from './initial-requests.js';

export type Mode = 'command' | 'edit';
export type SaveState = 'saved' | 'unsaved' | 'saving' | 'autosaved';
export type BridgeState = ReplyOf<'app.info'>['bridge'];

/** Delay before a burst of typing becomes one `updateCell` edit (one undo step per pause). */
const CONFIG_EDIT_DEBOUNCE_MS = 350;

export class Workspace {
  readonly api: StudioApi;
  readonly host: HostKind;
  readonly notices = new Notices();

  doc = $state.raw<DocumentState | null>(null);
  info = $state.raw<ReplyOf<'app.info'> | null>(null);
  bridge = $state.raw<BridgeState>({ state: 'stopped', detail: '' });
  selectedId = $state<string | null>(null);
  mode = $state<Mode>('command');
  saving = $state(false);
  /** Bumped when a document opens: the notebook view then centres the selected cell. */
  revealRequest = $state(0);
  /** Live run status, progress and results (from core events). */
  readonly runs: RunState;
  readonly collapsed = new SvelteSet<string>();

  readonly cells: Cell[] = $derived(this.doc?.notebook.cells ?? []);
  // Index by id, built once per document: finding the selected cell costs O(1) per key press.
  readonly #indexById: ReadonlyMap<string, number> = $derived(new Map(this.cells.map((cell, index) => [cell.id, index])));
  readonly selectedIndex: number = $derived(this.selectedId === null ? -1 : (this.#indexById.get(this.selectedId) ?? -1));
  readonly selectedCell: Cell | null = $derived(this.cells[this.selectedIndex] ?? null);
  readonly saveState: SaveState = $derived(
    this.saving ? 'saving' : !this.doc?.dirty ? 'saved' : this.doc.autosavedAt ? 'autosaved' : 'unsaved',
  );

  readonly #pending = new PendingEdits((id, patch) => this.#sendPatch(id, patch), CONFIG_EDIT_DEBOUNCE_MS);
  #queue: Promise<unknown> = Promise.resolve();
  #unsubscribe: Array<() => void> = [];

  /** Web host socket state ('open' in Electron, where there is no socket). */
  connection = $state<ConnectionState>('open');

  constructor(picked: PickedApi) {
    this.api = picked.api;
    this.host = picked.host;
    this.runs = new RunState(this.api, this.notices, () => this.doc?.docId ?? null);
    if (picked.connection) {
      this.connection = picked.connection.current();
      this.#unsubscribe.push(picked.connection.onChange((state) => (this.connection = state)));
    }
  }

  /**
   * Subscribe to core events and show the initial notebook. `initial` holds app info and the
   * notebook, usually requested by early-start.ts while the app's modules were still loading.
   */
  async start(initial: InitialRequests = startInitialRequests(this.api, notebookPathFromLocation())): Promise<void> {
    this.#unsubscribe.push(...WORKSPACE_EVENTS.map((channel) => this.api.on(channel, (payload: EventOf<typeof channel>) => this.#dispatch({ channel, payload } as RecordedEvent))));
    const early = initial.takeEvents(); // what arrived before these listeners, in order
    const [info, doc] = await Promise.all([initial.info, initial.doc]);
    for (const problem of initial.problems) this.notices.error(problem);
    if (info) {
      this.info = info;
      this.bridge = info.bridge;
    }
    this.#openDocument(doc);
    for (const event of early) this.#dispatch(event); // e.g. the opened notebook's cell statuses
  }

  #dispatch(event: RecordedEvent): void {
    switch (event.channel) {
      case 'document.changed':
        return this.#applyDocument(event.payload);
      case 'cell.status':
        return this.runs.applyStatus(event.payload);
      case 'cell.progress':
        return this.runs.applyProgress(event.payload);
      case 'cell.partial':
        return this.runs.applyPartial(event.payload);
      case 'bridge.status':
        this.bridge = event.payload;
        return;
    }
  }

  dispose(): void {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
  }

  // ── status of a cell ────────────────────────────────────────────────────────────────────────
  statusOf(cell: Cell): CellStatus {
    return this.runs.statusOf(cell);
  }
  outputOf(cell: Cell): OutputSummary | null {
    return this.runs.outputOf(cell);
  }

  // ── selection and mode ──────────────────────────────────────────────────────────────────────
  select(id: string | null, mode: Mode = 'command'): void {
    if (this.mode === 'edit' && id !== this.selectedId) this.flushPending();
    this.selectedId = id;
    this.mode = id ? mode : 'command';
    rememberSelection(this.doc?.path ?? null, id);
  }
  selectOffset(offset: number): void {
    if (this.cells.length === 0) return;
    const from = this.selectedIndex < 0 ? 0 : this.selectedIndex;
    const index = Math.min(this.cells.length - 1, Math.max(0, from + offset));
    this.select(this.cells[index]?.id ?? null);
  }
  enterEdit(): void {
    if (this.selectedCell) this.mode = 'edit';
  }
  enterCommand(): void {
    this.flushPending();
    this.mode = 'command';
  }

  // ── edits (all through the core) ────────────────────────────────────────────────────────────
  /** Apply one edit op; resolves with the new state, or null when the core refused (a notice says why). */
  edit(edit: EditOp): Promise<DocumentState | null> {
    const doc = this.doc;
    if (!doc) return Promise.resolve(null);
    return this.#call(() => this.api.invoke('notebook.edit', { docId: doc.docId, edit }));
  }

  async addCell(kind: string, where: 'above' | 'below' | 'end'): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    this.flushPending();
    const base = this.selectedIndex < 0 ? this.cells.length : this.selectedIndex;
    const index = where === 'end' || this.selectedIndex < 0 ? this.cells.length : where === 'above' ? base : base + 1;
    let defaults;
    try {
      defaults = newCellDefaults(kind, doc.notebook, index);
    } catch (error) {
      this.notices.error(errorMessage(error));
      return;
    }
    const before = new Set(this.cells.map((cell) => cell.id));
    const state = await this.edit({ op: 'addCell', index, kind, ...defaults });
    const added = state?.notebook.cells.find((cell) => !before.has(cell.id));
    if (added) this.select(added.id, kind === 'markdown' ? 'edit' : 'command');
  }

  async deleteSelected(): Promise<void> {
    const cell = this.selectedCell;
    if (!cell) return;
    const index = this.selectedIndex;
    this.#pending.drop(cell.id);
    const state = await this.edit({ op: 'deleteCell', id: cell.id });
    if (state) {
      const cells = state.notebook.cells;
      this.select(cells[Math.min(index, cells.length - 1)]?.id ?? null);
    }
  }

  async moveSelected(offset: -1 | 1): Promise<void> {
    const cell = this.selectedCell;
    if (!cell) return;
    const toIndex = this.selectedIndex + offset;
    if (toIndex < 0 || toIndex >= this.cells.length) return;
    this.flushPending();
    await this.edit({ op: 'moveCell', id: cell.id, toIndex });
  }

  async duplicateSelected(): Promise<void> {
    const cell = this.selectedCell;
    if (!cell) return;
    this.flushPending();
    const before = new Set(this.cells.map((c) => c.id));
    const state = await this.edit({ op: 'duplicateCell', id: cell.id });
    const copy = state?.notebook.cells.find((c) => !before.has(c.id));
    if (copy) this.select(copy.id);
  }

  /** Rename a cell; returns an error message (name taken/empty) instead of sending a bad edit. */
  async rename(cell: Cell, name: string): Promise<string | null> {
    const trimmed = name.trim();
    if (trimmed === cell.name) return null;
    if (!trimmed) return 'A cell name cannot be empty.';
    if (!/^[A-Za-z_][\w-]*$/.test(trimmed)) return 'Use letters, digits, "_" or "-" (start with a letter or "_").';
    if (this.cells.some((other) => other.id !== cell.id && other.name === trimmed)) {
      return `Another cell is already named "${trimmed}": pick a unique name.`;
    }
    await this.edit({ op: 'updateCell', id: cell.id, patch: { name: trimmed } });
    return null;
  }

  /** Config/inputs changes from cell components: debounced so a burst of typing is one undo step. */
  queueCellPatch(cellId: string, patch: { config?: CellConfig; inputs?: CellInputs }): void {
    this.#pending.queue(cellId, patch);
    // Shown at once, before the debounced edit reaches the core: leaving edit mode right after
    // typing (Shift+Enter) must render what was typed, not the core's previous reply.
    if (this.doc) this.doc = withPatches(this.doc, [[cellId, patch]]);
  }

  /** Send every pending config edit now (before save, run, undo, leaving edit mode). */
  flushPending(): void {
    this.#pending.flush();
  }
  get hasPendingEdits(): boolean {
    return this.#pending.size > 0;
  }

  async undo(): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    this.flushPending();
    await this.#call(() => this.api.invoke('notebook.undo', { docId: doc.docId }));
  }
  async redo(): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    this.flushPending();
    await this.#call(() => this.api.invoke('notebook.redo', { docId: doc.docId }));
  }

  /** `overwrite`: the user already confirmed replacing an existing file (a native Save dialog). */
  async save(path?: string, overwrite = false): Promise<boolean> {
    const doc = this.doc;
    if (!doc) return false;
    this.flushPending();
    this.saving = true;
    try {
      const request = path ? { docId: doc.docId, path, ...(overwrite ? { overwrite } : {}) } : { docId: doc.docId };
      const state = await this.#call(async () => {
        try {
          return await this.api.invoke('notebook.save', request);
        } catch (error) {
          // The core never replaces another file unasked (README "File access"): ask, then retry.
          const code = (error as { code?: unknown; name?: unknown }).code ?? (error as { name?: unknown }).name;
          if (path && code === 'file-exists' && window.confirm(`${path} already exists. Replace it?`)) {
            return this.api.invoke('notebook.save', { ...request, overwrite: true });
          }
          throw error;
        }
      });
      if (state) this.notices.info(`Saved ${state.path ?? ''}`.trim());
      return state !== null;
    } finally {
      this.saving = false;
    }
  }

  async open(path: string): Promise<void> {
    if (!this.#mayLeaveDocument()) return;
    const state = await this.#call(() => this.api.invoke('notebook.open', { path }), false);
    if (state) this.#switchTo(state);
  }
  /** A notebook shipped with the app (its workspace copy): the welcome notebook, the quick tour… */
  async openBundled(name: BundledNotebook): Promise<void> {
    if (!this.#mayLeaveDocument()) return;
    const state = await this.#call(() => this.api.invoke('notebook.openBundled', { name }), false);
    if (state) this.#switchTo(state);
  }
  /** Per-cell "hide input" (kept in the notebook): the form is hidden here and in the report, the output stays. */
  async setInputHidden(cell: Cell, hidden: boolean): Promise<void> {
    const { hideInput: _old, ...rest } = cell.metadata;
    await this.edit({ op: 'updateCell', id: cell.id, patch: { metadata: hidden ? { ...rest, hideInput: true } : rest } });
  }
  async newNotebook(): Promise<void> {
    if (!this.#mayLeaveDocument()) return;
    const state = await this.#call(() => this.api.invoke('notebook.new', {}), false);
    if (state) this.#switchTo(state);
  }

  /** Leaving a notebook with unsaved changes asks first (closing it drops its recovery file). */
  #mayLeaveDocument(): boolean {
    this.flushPending();
    const doc = this.doc;
    if (!doc?.dirty) return true;
    const name = doc.path ?? doc.notebook.title;
    return window.confirm(`“${name}” has unsaved changes. Discard them and open another notebook?`);
  }

  #switchTo(state: DocumentState): void {
    const previous = this.doc;
    this.#openDocument(state);
    if (previous && previous.docId !== state.docId) {
      this.api.invoke('notebook.close', { docId: previous.docId }).catch((error: unknown) => {
        console.warn(`Could not close the previous notebook: ${errorMessage(error)}`);
      });
    }
  }
  async restoreRecovery(): Promise<void> {
    const doc = this.doc;
    if (doc) await this.#call(() => this.api.invoke('notebook.restoreRecovery', { docId: doc.docId }));
  }
  async discardRecovery(): Promise<void> {
    const doc = this.doc;
    if (doc) await this.#call(() => this.api.invoke('notebook.discardRecovery', { docId: doc.docId }));
  }

  // ── running ─────────────────────────────────────────────────────────────────────────────────
  async run(target: { cellId: string } | 'all' | 'stale'): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    if (typeof target === 'object' && !this.#isRunnable(target.cellId)) return;
    this.flushPending();
    try {
      // Let queued edits land first so the core runs what the user sees.
      await this.#queue;
      const { queued } = await this.api.invoke('cell.run', { docId: doc.docId, target });
      this.runs.markQueued(queued);
      if (queued.length === 0 && target === 'stale') this.notices.info('Nothing is stale: every cell is up to date.');
    } catch (error) {
      this.notices.error(`Run failed: ${errorMessage(error)}`);
    }
  }
  async cancel(cellId?: string): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    try {
      await this.api.invoke('cell.cancel', cellId ? { docId: doc.docId, cellId } : { docId: doc.docId });
    } catch (error) {
      this.notices.error(`Cancel failed: ${errorMessage(error)}`);
    }
  }
  toggleCollapsed(cellId: string): void {
    if (this.collapsed.has(cellId)) this.collapsed.delete(cellId);
    else this.collapsed.add(cellId);
  }

  // ── internals ───────────────────────────────────────────────────────────────────────────────
  #isRunnable(cellId: string): boolean {
    const cell = this.cells.find((c) => c.id === cellId);
    return cell !== undefined && isRunnableKind(cell.kind);
  }

  /** Serialize document calls so replies apply in the order they were sent. */
  #call(invoke: () => Promise<DocumentState>, sameDoc = true): Promise<DocumentState | null> {
    const run = this.#queue.then(async () => {
      try {
        const state = await invoke();
        if (sameDoc) this.#applyDocument(state);
        return state;
      } catch (error) {
        this.notices.error(errorMessage(error));
        return null;
      }
    });
    this.#queue = run;
    return run;
  }

  #sendPatch(cellId: string, patch: { config?: CellConfig; inputs?: CellInputs }): void {
    if (!this.cells.some((cell) => cell.id === cellId)) return; // deleted meanwhile
    void this.edit({ op: 'updateCell', id: cellId, patch });
  }

  #openDocument(state: DocumentState): void {
    this.#pending.drop();
    this.collapsed.clear();
    this.doc = state;
    this.runs.reset(state.notebook.cells);
    rememberNotebookPath(state.path);
    const recalled = recallSelection(state.path);
    const cells = state.notebook.cells;
    this.select(cells.some((cell) => cell.id === recalled) ? recalled : (cells[0]?.id ?? null));
    this.revealRequest++;
  }

  #applyDocument(state: DocumentState): void {
    const previous = this.doc;
    // Only our own document: not another window's, and nothing before our open reply arrives.
    if (!previous || previous.docId !== state.docId) return;
    this.runs.documentChanged(previous.notebook.cells, state.notebook.cells);
    if (state.path !== previous.path) rememberNotebookPath(state.path);
    const oldIndex = this.selectedIndex;
    // Edits still waiting for their debounce stay visible on top of the core's (older) state.
    this.doc = withPatches(reuseUnchangedCells(previous, state), this.#pending.patches());
    // The selected cell went away (undo of an add, another window's delete): select its neighbour.
    if (this.selectedId && !state.notebook.cells.some((cell) => cell.id === this.selectedId)) {
      const cells = state.notebook.cells;
      this.select(cells[Math.max(0, Math.min(oldIndex, cells.length - 1))]?.id ?? null);
    }
  }
}
