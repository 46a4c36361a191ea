// What the core tells us about runs, as it happens: status and output summaries from
// `cell.status`, progress from `cell.progress`, the result so far of a running cell from
// `cell.partial` (e.g. the growing blue-team curve), and each cell's full result (`cell.result`),
// fetched when it finishes. Newer than the document's saved output summaries until the next
// document change reports a new summary for that cell.
import { SvelteMap } from 'svelte/reactivity';
import type { EventOf, StudioApi } from '../../../electron/shared/api-contract.js';
import type { Cell, CellStatus, OutputSummary } from '../../../electron/shared/notebook-schema.js';
import type { CellPartial, CellProgress } from '../cells/types.js';
import { isRunnableKind } from '../cells/registry.js';
import { errorMessage } from '../lib/pick-api.js';
import type { Notices } from './notices.svelte.js';

export class RunState {
  readonly status = new SvelteMap<string, CellStatus>();
  readonly output = new SvelteMap<string, OutputSummary>();
  readonly progress = new SvelteMap<string, CellProgress>();
  readonly partials = new SvelteMap<string, CellPartial>();
  readonly results = new SvelteMap<string, unknown>();
  readonly #api: StudioApi;
  readonly #notices: Notices;
  readonly #docId: () => string | null;

  constructor(api: StudioApi, notices: Notices, docId: () => string | null) {
    this.#api = api;
    this.#notices = notices;
    this.#docId = docId;
  }

  statusOf(cell: Cell): CellStatus {
    return this.status.get(cell.id) ?? this.outputOf(cell)?.status ?? 'idle';
  }
  outputOf(cell: Cell): OutputSummary | null {
    return this.output.get(cell.id) ?? cell.output ?? null;
  }
  get anyBusy(): boolean {
    return [...this.status.values()].some((status) => status === 'running' || status === 'queued');
  }

  /** A freshly opened document: forget everything and load the results it already has. */
  reset(cells: Cell[]): void {
    this.status.clear();
    this.output.clear();
    this.progress.clear();
    this.partials.clear();
    this.results.clear();
    for (const cell of cells) {
      if (isRunnableKind(cell.kind) && cell.output?.status === 'done') void this.fetchResult(cell.id);
    }
  }

  /** The document reported new output summaries: they supersede what events told us. */
  documentChanged(before: Cell[], after: Cell[]): void {
    const previous = new Map(before.map((cell) => [cell.id, cell.output]));
    for (const cell of after) {
      const old = previous.get(cell.id);
      if (old === undefined || JSON.stringify(old) === JSON.stringify(cell.output)) continue;
      this.status.delete(cell.id);
      this.output.delete(cell.id);
      // A finished run reported through the document (e.g. undo back to a cached result).
      if (cell.output?.status === 'done' && isRunnableKind(cell.kind)) void this.fetchResult(cell.id);
    }
  }

  markQueued(cellIds: string[]): void {
    for (const id of cellIds) if (this.status.get(id) !== 'running') this.status.set(id, 'queued');
  }

  applyStatus(event: EventOf<'cell.status'>): void {
    if (event.docId !== this.#docId()) return;
    this.status.set(event.cellId, event.status);
    if (event.output) this.output.set(event.cellId, event.output);
    if (event.status !== 'running' && event.status !== 'queued') this.progress.delete(event.cellId);
    // A new run starts from nothing; a finished one is shown from its result.
    if (event.status !== 'running') this.partials.delete(event.cellId);
    if (event.status === 'done') void this.fetchResult(event.cellId);
  }

  applyProgress(event: CellProgress): void {
    if (event.docId === this.#docId()) this.progress.set(event.cellId, event);
  }

  applyPartial(event: EventOf<'cell.partial'>): void {
    if (event.docId !== this.#docId()) return;
    // A partial never outlives its run (the engine sends the last one before the final status).
    const status = this.status.get(event.cellId);
    if (status === undefined || status === 'running' || status === 'queued') this.partials.set(event.cellId, event.partial);
  }

  async fetchResult(cellId: string): Promise<void> {
    const docId = this.#docId();
    if (!docId) return;
    try {
      const { result } = await this.#api.invoke('cell.result', { docId, cellId });
      if (this.#docId() === docId) this.results.set(cellId, result);
    } catch (error) {
      this.#notices.error(`Could not load the result of a cell: ${errorMessage(error)}`);
    }
  }
}
