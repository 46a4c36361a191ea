// Data-parallel inference over a small pool of worker threads. onnxruntime runs fastest with one
// intra-op thread on this class of machine, so one worker leaves the other core idle; a large
// request is cut into one share per worker, run concurrently and merged in the caller's order.
// Generation deals prompts out round-robin (requests are often blocks of different kinds, e.g.
// long-answer behaviour items then short arithmetic, and contiguous halves would leave one worker
// with most of the decoding); scoring cuts contiguous ranges on batch boundaries. Every share
// carries the request's id (each worker has its own pending map), so a cancel reaches all of
// them; the first share to fail fails the request and cancels the others.
import { WorkerConnection } from './worker-connection.js';
import { InferenceCancelled } from './inference-errors.js';
import type { HostMessage, SessionOptions } from './worker-protocol.js';

export interface Chunk {
  message: HostMessage;
  /** Items (prompts, sequences) in this chunk: progress totals add these up. */
  size: number;
}

export interface PoolRequestOptions {
  signal?: AbortSignal;
  onStarted?: (requestId: string) => void;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Contiguous [start, end) ranges splitting n items over at most `parts` workers, each with at
 * least `minPerPart` items; boundaries fall on multiples of `align` (so batches stay the same).
 */
export function splitRanges(n: number, parts: number, minPerPart: number, align = 1): Array<[number, number]> {
  const count = Math.max(1, Math.min(parts, Math.floor(n / Math.max(1, minPerPart)), Math.ceil(n / align)));
  if (count === 1) return [[0, n]];
  const units = Math.ceil(n / align);
  const ranges: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = i === count - 1 ? n : Math.min(n, Math.round((units * (i + 1)) / count) * align);
    if (end > start) ranges.push([start, end]);
    start = end;
  }
  return ranges;
}

/**
 * Round-robin shares of n items over at most `parts` workers, each with at least `minPerPart`
 * items: share k holds items k, k + count, k + 2 count, ...
 */
export function stripeIndices(n: number, parts: number, minPerPart: number): number[][] {
  const count = Math.max(1, Math.min(parts, Math.floor(n / Math.max(1, minPerPart))));
  const shares = Array.from({ length: count }, (): number[] => []);
  for (let i = 0; i < n; i++) shares[i % count]!.push(i);
  return shares;
}

export class WorkerPool {
  readonly connections: WorkerConnection[];

  constructor(workerPath: string, size: number, sessionOptions: () => SessionOptions) {
    this.connections = Array.from({ length: Math.max(1, size) }, () => new WorkerConnection(workerPath, sessionOptions));
  }

  get size(): number {
    return this.connections.length;
  }

  /** Workers started so far, restarts after crashes included. */
  get starts(): number {
    return this.connections.reduce((s, c) => s + c.starts, 0);
  }

  /** The least busy worker (the first on a tie). */
  private idlest(): WorkerConnection {
    return this.connections.reduce((best, c) => (c.busy < best.busy ? c : best));
  }

  /**
   * Run chunks of one request (all with the same requestId) on distinct workers; a single chunk
   * goes to the least busy worker. Resolves with the raw results in chunk order.
   */
  run(chunks: readonly Chunk[], kind: string, what: string, options: PoolRequestOptions = {}): Promise<unknown[]> {
    const requestId = chunks[0]!.message.requestId;
    if (options.signal?.aborted) return Promise.reject(new InferenceCancelled(`${kind} on ${what} was cancelled.`));
    // All workers start together (so a crash replaces exactly the worker that crashed).
    for (const c of this.connections) c.ensureWorker();
    const targets = chunks.length === 1 ? [this.idlest()] : this.connections.slice(0, chunks.length);
    const total = chunks.reduce((s, c) => s + c.size, 0);
    const done = chunks.map(() => 0);
    const onAbort = () => this.cancel(requestId);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const runs = chunks.map((chunk, i) =>
      targets[i]!.request(chunk.message, kind, what, (d) => {
        done[i] = d;
        options.onProgress?.(done.reduce((s, x) => s + x, 0), total);
      }),
    );
    options.onStarted?.(requestId);
    return new Promise<unknown[]>((resolve, reject) => {
      let failed = false;
      runs.forEach((p) =>
        p.catch((err: Error) => {
          if (failed) return;
          failed = true;
          this.cancel(requestId); // the other chunks stop at their next decode step
          options.signal?.removeEventListener('abort', onAbort);
          reject(err);
        }),
      );
      Promise.all(runs).then(
        (results) => {
          options.signal?.removeEventListener('abort', onAbort);
          resolve(results);
        },
        () => {},
      );
    });
  }

  /** Send one message (a fresh id per worker) to every started worker; raw results in worker order. */
  async broadcast(make: () => HostMessage, kind: string, what: string): Promise<unknown[]> {
    return Promise.all(this.connections.filter((c) => c.started).map((c) => c.request(make(), kind, what)));
  }

  cancel(requestId: string): boolean {
    let any = false;
    for (const c of this.connections) any = c.cancel(requestId) || any;
    return any;
  }

  async close(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.close()));
  }
}
