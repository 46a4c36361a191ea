// The reactive execution engine of one notebook. It derives every cell's status from the notebook
// itself (content hash + artifact presence), runs stale cells in dependency order through a FIFO
// queue, caches results by hash, streams throttled progress, and cancels queued or running work.
import type { Cell, CellStatus, OutputSummary } from '../../shared/notebook-schema.js';
import { ArtifactStore, type StoredArtifact } from './artifact-store.js';
import { ProgressThrottle } from './progress-throttle.js';
import { JobCancelledError, RunQueue } from './run-queue.js';
import { planNotebook, type NotebookPlan, type PlannedCell } from './staleness.js';
import { downstreamClosure, upstreamClosure } from './topology.js';
import type { CellPartial } from '../../shared/cell-partials.js';
import { NotebookGraphError, type CellKindRegistry, type CellProgressUpdate, type InputValue } from './types.js';

export interface CellStatusEvent {
  cellId: string;
  status: CellStatus;
  output: OutputSummary | null;
}

export type CellProgressEvent = CellProgressUpdate & { cellId: string };

export interface CellPartialEvent {
  cellId: string;
  partial: CellPartial;
}

export interface EngineOptions<S> {
  registry: CellKindRegistry<S>;
  services: S;
  /** bridge version + app version (+ anything else whose change invalidates every result). */
  codeVersion: string;
  store: ArtifactStore;
  /** The notebook's current cells (the engine never keeps its own copy between calls). */
  getCells(): readonly Cell[];
  onStatus?(event: CellStatusEvent): void;
  onProgress?(event: CellProgressEvent): void;
  onPartial?(event: CellPartialEvent): void;
  progressIntervalMs?: number;
  /** Partial results are larger than progress and redraw a plot: fewer per second. */
  partialIntervalMs?: number;
}

export type RunTarget = { cellId: string } | 'all' | 'stale';

export interface RunOutcome {
  cellId: string;
  cellName: string;
  status: 'done' | 'error' | 'cancelled';
  cached: boolean;
  error?: string;
}

interface Transient {
  hash: string;
  status: 'queued' | 'running' | 'error' | 'cancelled';
  error?: string;
  startedAt?: string;
}

export class NotebookEngine<S> {
  private readonly queue = new RunQueue();
  private readonly transient = new Map<string, Transient>(); // by cell id
  private readonly lastHash = new Map<string, string>(); // by cell id: hash of the last finished run
  private readonly active = new Map<string, { hash: string; promise: Promise<RunOutcome> }>();

  constructor(private readonly options: EngineOptions<S>) {}

  get store(): ArtifactStore {
    return this.options.store;
  }

  plan(): Promise<NotebookPlan> {
    const { getCells, registry, services, codeVersion } = this.options;
    return planNotebook(getCells(), registry, services, codeVersion);
  }

  /** Status of every runnable cell, derived from the plan, the cache and in-flight runs. */
  async statuses(plan?: NotebookPlan): Promise<CellStatusEvent[]> {
    const current = plan ?? (await this.plan());
    const out: CellStatusEvent[] = [];
    for (const name of [...current.graph.nodes.keys()]) {
      const planned = current.cells.get(name);
      if (planned) out.push(await this.statusOf(planned));
    }
    return out;
  }

  private async statusOf(planned: PlannedCell): Promise<CellStatusEvent> {
    const cellId = planned.cell.id;
    if (!planned.ok) return { cellId, status: 'error', output: { status: 'error', error: planned.error } };
    const t = this.transient.get(cellId);
    if (t && t.hash === planned.hash) {
      return { cellId, status: t.status, output: { status: t.status, hash: t.hash, startedAt: t.startedAt, error: t.error } };
    }
    const artifact = this.store.has(planned.hash) ? await this.store.read(planned.hash) : null;
    if (artifact) return { cellId, status: 'done', output: summaryOf(artifact) };
    const previous = planned.cell.output?.hash ?? this.lastHash.get(cellId);
    const status: CellStatus = previous ? 'stale' : 'idle';
    return { cellId, status, output: planned.cell.output ? { ...planned.cell.output, status } : null };
  }

  /** Re-derives and broadcasts every status: call after each edit (stale marks propagate by hash). */
  async refresh(): Promise<CellStatusEvent[]> {
    const events = await this.statuses();
    for (const e of events) this.options.onStatus?.(e);
    return events;
  }

  /** Names of the cells an edit of `cellId` makes stale (itself and everything downstream). */
  async affectedBy(cellId: string): Promise<string[]> {
    const plan = await this.plan();
    const node = plan.graph.byId.get(cellId);
    if (!node) return [];
    return [node.cell.name, ...downstreamClosure(plan.graph, node.cell.name)];
  }

  /**
   * Queues the target and whatever stale cells it needs; returns the queued cell ids at once and a
   * promise of every outcome (cache hits included) for callers that wait (the headless runner, tests).
   */
  async run(target: RunTarget): Promise<{ queued: string[]; done: Promise<RunOutcome[]> }> {
    const plan = await this.plan();
    let names: string[];
    if (target === 'all' || target === 'stale') {
      names = plan.order.slice();
      // Cells that cannot be planned are reported as errors rather than silently skipped.
      for (const [name, p] of plan.cells) if (!p.ok && !names.includes(name)) names.push(name);
    } else {
      const node = plan.graph.byId.get(target.cellId);
      if (!node) throw new NotebookGraphError(`No runnable cell with id "${target.cellId}" (markdown cells do not run).`);
      names = plan.order.includes(node.cell.name) ? upstreamClosure(plan.graph, plan.order, node.cell.name) : [node.cell.name];
    }
    const queued: string[] = [];
    const outcomes: Array<Promise<RunOutcome>> = [];
    for (const name of names) {
      const planned = plan.cells.get(name);
      if (!planned) continue;
      const cellId = planned.cell.id;
      if (!planned.ok) {
        this.options.onStatus?.({ cellId, status: 'error', output: { status: 'error', error: planned.error } });
        outcomes.push(Promise.resolve({ cellId, cellName: name, status: 'error', cached: false, error: planned.error }));
        continue;
      }
      if (this.store.has(planned.hash)) {
        this.transient.delete(cellId);
        this.lastHash.set(cellId, planned.hash);
        outcomes.push(Promise.resolve({ cellId, cellName: name, status: 'done', cached: true }));
        continue;
      }
      const running = this.active.get(cellId);
      if (running && running.hash === planned.hash) {
        outcomes.push(running.promise);
        continue;
      }
      const promise = this.enqueue(plan, planned);
      this.active.set(cellId, { hash: planned.hash, promise });
      void promise.finally(() => {
        if (this.active.get(cellId)?.promise === promise) this.active.delete(cellId);
      });
      queued.push(cellId);
      outcomes.push(promise);
    }
    return { queued, done: Promise.all(outcomes) };
  }

  /** Cancels one cell's queued/running job, or everything when `cellId` is omitted. */
  cancel(cellId?: string): string[] {
    return this.queue.cancel(cellId ? new Set([cellId]) : undefined);
  }

  /** The artifact folder of a cell's current hash, or null when it has not run (or is stale). */
  async artifactDir(cellId: string): Promise<string | null> {
    const plan = await this.plan();
    const node = plan.graph.byId.get(cellId);
    const planned = node ? plan.cells.get(node.cell.name) : undefined;
    if (!planned || !planned.ok || !this.store.has(planned.hash)) return null;
    return this.store.dirOf(planned.hash);
  }

  /** The full stored result of a cell's current hash, or null when it has not run (or is stale). */
  async result(cellId: string): Promise<StoredArtifact | null> {
    const plan = await this.plan();
    const node = plan.graph.byId.get(cellId);
    const planned = node ? plan.cells.get(node.cell.name) : undefined;
    if (!planned || !planned.ok) return null;
    const artifact = await this.store.read(planned.hash);
    if (!artifact || !planned.definition.present) return artifact;
    return { ...artifact, output: planned.definition.present(artifact.output, planned.cell.name) };
  }

  /** Resolves when no job is queued or running. */
  async whenIdle(): Promise<void> {
    while (this.active.size > 0) await Promise.allSettled([...this.active.values()].map((a) => a.promise));
  }

  private enqueue(plan: NotebookPlan, planned: Extract<PlannedCell, { ok: true }>): Promise<RunOutcome> {
    const { cell, hash } = planned;
    const setTransient = (t: Omit<Transient, 'hash'>): void => {
      this.transient.set(cell.id, { hash, ...t });
      this.options.onStatus?.({
        cellId: cell.id,
        status: t.status,
        output: { status: t.status, hash, startedAt: t.startedAt, error: t.error },
      });
    };
    setTransient({ status: 'queued' });
    const job = this.queue.enqueue({
      key: cell.id,
      run: (signal) => this.execute(plan, planned, signal, (startedAt) => setTransient({ status: 'running', startedAt })),
    });
    return job.then(
      (artifact): RunOutcome => {
        this.transient.delete(cell.id);
        this.lastHash.set(cell.id, hash);
        this.options.onStatus?.({ cellId: cell.id, status: 'done', output: summaryOf(artifact) });
        return { cellId: cell.id, cellName: cell.name, status: 'done', cached: false };
      },
      (error: unknown): RunOutcome => {
        const cancelled = error instanceof JobCancelledError;
        const message = error instanceof Error ? error.message : String(error);
        setTransient({ status: cancelled ? 'cancelled' : 'error', error: message });
        return { cellId: cell.id, cellName: cell.name, status: cancelled ? 'cancelled' : 'error', cached: false, error: message };
      },
    );
  }

  private async execute(
    plan: NotebookPlan,
    planned: Extract<PlannedCell, { ok: true }>,
    signal: AbortSignal,
    onStart: (startedAt: string) => void,
  ): Promise<StoredArtifact> {
    const { cell, definition, config, hash, inputHashes } = planned;
    const inputs = await this.readInputs(plan, cell.name);
    const startedAt = new Date().toISOString();
    const started = Date.now();
    onStart(startedAt);
    const temp = await this.store.begin(hash);
    const throttle = new ProgressThrottle<CellProgressUpdate>(
      (update) => this.options.onProgress?.({ cellId: cell.id, ...update }),
      this.options.progressIntervalMs ?? 100,
    );
    const partials = new ProgressThrottle<CellPartial>(
      (partial) => this.options.onPartial?.({ cellId: cell.id, partial }),
      this.options.partialIntervalMs ?? 250,
    );
    try {
      const output = await definition.run({
        cell,
        config,
        inputs,
        artifactDir: temp,
        finalDir: this.store.dirOf(hash),
        hash,
        progress: (update) => {
          if (!signal.aborted) throttle.push(update);
        },
        publish: (partial) => {
          if (!signal.aborted) partials.push(partial);
        },
        signal,
        services: this.options.services,
      });
      if (signal.aborted) throw signal.reason;
      throttle.flush();
      partials.flush(); // the last point shows until the finished result is fetched
      return await this.store.commit(
        temp,
        {
          hash,
          kind: cell.kind,
          cellName: cell.name,
          config,
          inputs: inputHashes,
          codeVersion: this.options.codeVersion,
          runnerVersion: definition.runnerVersion,
          startedAt,
          finishedAt: new Date().toISOString(),
          durationMs: Date.now() - started,
        },
        output,
      );
    } catch (error) {
      await this.store.discard(temp);
      throw error;
    } finally {
      throttle.dispose();
      partials.dispose();
    }
  }

  private async readInputs(plan: NotebookPlan, name: string): Promise<Record<string, InputValue | InputValue[]>> {
    const node = plan.graph.nodes.get(name);
    const inputs: Record<string, InputValue | InputValue[]> = {};
    for (const { input, names, many } of node?.inputs ?? []) {
      const values: InputValue[] = [];
      for (const upstream of names) {
        const up = plan.cells.get(upstream);
        const artifact = up && up.ok ? await this.store.read(up.hash) : null;
        if (!up || !up.ok || !artifact) {
          throw new Error(`Input "${input}" needs a result from cell "${upstream}", which did not finish (it failed, was cancelled or is out of date). Run "${upstream}" first.`);
        }
        values.push({
          cellId: up.cell.id,
          cellName: upstream,
          kind: up.cell.kind,
          hash: up.hash,
          dir: artifact.dir,
          summary: artifact.output.summary,
          data: artifact.output.data,
        });
      }
      inputs[input] = many ? values : (values[0] as InputValue);
    }
    return inputs;
  }
}

function summaryOf(artifact: StoredArtifact): OutputSummary {
  const m = artifact.manifest;
  return {
    status: 'done',
    hash: artifact.hash,
    startedAt: m.startedAt,
    finishedAt: m.finishedAt,
    durationMs: m.durationMs,
    summary: artifact.output.summary,
  };
}
