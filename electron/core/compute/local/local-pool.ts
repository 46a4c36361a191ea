// A cell's sweep (the same bridge method for each seed) on this machine, in several bridge processes
// at once (compute.parallel). The embedded model is too small for one training process to keep two
// cores busy: its steps are mostly single-threaded Python and small GEMMs, so two processes with one
// BLAS thread each train two seeds in about the time one takes (`npm run bench -- parallel`). Each
// seed's result is the same bytes as when built alone: a build depends on its seed, not on timing.
//
// The processes start on the first sweep and are kept for the next (a torch import costs seconds);
// the app's main bridge stays as it is for everything that is not a sweep.
import type { BridgeMethod, ParamsOf, ResultOf } from '../../bridge/protocol.js';
import { BridgeClient, type BridgeClientOptions } from '../../bridge/index.js';
import { CancelledError } from '../../bridge/errors.js';
import type { SweepOptions } from '../../cells/services.js';
import { runOnLanes } from '../../engine/run-on-lanes.js';

/** One BLAS thread per process: with a process per core, more threads would only oversubscribe the cores. */
const SINGLE_THREADED = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } as const;

export interface LocalPoolOptions {
  /** Options of each worker's BridgeClient (python, bridgeDir); env is extended with SINGLE_THREADED. */
  bridge?: BridgeClientOptions;
}

type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export class LocalBridgePool {
  private readonly workers: BridgeClient[] = [];

  constructor(private readonly options: LocalPoolOptions = {}) {}

  /** Bridge processes started so far. */
  get size(): number {
    return this.workers.length;
  }

  private worker(index: number): BridgeClient {
    let client = this.workers[index];
    if (!client) {
      const env = { ...(this.options.bridge?.env ?? process.env), ...SINGLE_THREADED };
      client = new BridgeClient({ ...this.options.bridge, env });
      this.workers[index] = client;
    }
    return client;
  }

  /** The first `n` worker processes (started on their first call), one per lane of seeds trained at once. */
  lanes(n: number): BridgeClient[] {
    return Array.from({ length: Math.max(1, n) }, (_, k) => this.worker(k));
  }

  /**
   * Runs `method` once per params entry, at most `parallel` at a time, each on its own bridge process;
   * results in the order of `paramsList`. The first failure cancels the rest and is thrown.
   */
  async callMany<M extends BridgeMethod>(method: M, paramsList: readonly ParamsOf<M>[], parallel: number, options: SweepOptions = {}): Promise<ResultOf<M>[]> {
    const states: JobState[] = paramsList.map(() => 'queued');
    const progress: string[] = paramsList.map(() => '');
    const label = (i: number): string => options.labels?.[i] ?? `job ${i + 1}`;
    const report = (): void => {
      const line = states.map((s, i) => `${label(i)} ${s === 'running' && progress[i] ? progress[i] : s}`).join(' · ');
      options.onJobs?.(line, states.filter((s) => s === 'done' || s === 'failed').length, states.length);
    };
    const lanes = this.lanes(Math.min(parallel, paramsList.length));
    try {
      return await runOnLanes(paramsList, lanes, options.signal, async (params, i, worker, signal) => {
        states[i] = 'running';
        report();
        try {
          const result = await worker.call(method, params, {
            signal,
            onProgress: (p) => {
              progress[i] = `${p.phase} ${p.step}/${p.total}`;
              report();
            },
          });
          states[i] = 'done';
          return result;
        } catch (error) {
          // The first failure is the sweep's and names its job; the jobs it stopped were cancelled.
          states[i] = signal.aborted ? 'cancelled' : 'failed';
          if (!signal.aborted && error instanceof Error) error.message = `${label(i)}: ${error.message}`;
          throw error;
        } finally {
          report();
        }
      });
    } catch (error) {
      if (options.signal?.aborted) throw new CancelledError(method, null);
      throw error;
    }
  }

  async dispose(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.shutdown()));
    this.workers.length = 0;
  }
}
