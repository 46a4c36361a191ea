// One inference worker thread (generation-worker.ts) seen from the host: starts it, validates
// every message it sends, routes results and progress to the pending requests, and replaces it
// after a crash (its in-flight requests fail with a clear error; the next request starts a fresh
// worker). The pool (./worker-pool.ts) holds one or more of these.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InferenceCancelled, InferenceError, InferenceWorkerCrashedError } from './inference-errors.js';
import { WorkerMessageSchema, type HostMessage, type SessionOptions } from './worker-protocol.js';

interface Pending {
  kind: string;
  what: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Start a TypeScript worker (dev and tests). `execArgv: ['--import', 'tsx']` does not reach worker
 * threads on Node 20 ("Unknown file extension .ts"), so a tiny eval'd bootstrap registers tsx's
 * loader inside the worker and then imports the entry.
 */
function startTsWorker(path: string): Worker {
  let tsxApi: string;
  try {
    tsxApi = import.meta.resolve('tsx/esm/api');
  } catch {
    throw new InferenceError(`Running the TypeScript worker ${path} needs the tsx package (npm install); or pass the compiled generation-worker.js as workerPath.`);
  }
  const entry = pathToFileURL(path).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true });
}

export class WorkerConnection {
  private worker: Worker | null = null;
  private readonly pending = new Map<string, Pending>();
  private closed = false;
  /** Workers started so far (1 + restarts after crashes). */
  starts = 0;

  constructor(
    private readonly workerPath: string,
    private sessionOptions: () => SessionOptions,
  ) {}

  get busy(): number {
    return this.pending.size;
  }

  get started(): boolean {
    return this.worker !== null;
  }

  has(requestId: string): boolean {
    return this.pending.has(requestId);
  }

  ensureWorker(): Worker {
    if (this.closed) throw new InferenceError('The inference client was closed; create a new one.');
    if (this.worker) return this.worker;
    const worker = this.workerPath.endsWith('.ts') ? startTsWorker(this.workerPath) : new Worker(this.workerPath);
    this.starts++;
    worker.on('message', (raw: unknown) => this.onMessage(raw));
    let crash: Error | null = null;
    worker.on('error', (err) => {
      crash = err;
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = null;
      const why = crash ? `${crash.name}: ${crash.message}` : `exit code ${code}`;
      for (const [, p] of this.pending) {
        p.reject(new InferenceWorkerCrashedError(`The inference worker crashed (${why}) while running ${p.kind} on ${p.what}. A fresh worker starts with the next request; re-run it.`));
      }
      this.pending.clear();
    });
    this.worker = worker;
    worker.postMessage({ type: 'configure', requestId: randomUUID(), options: this.sessionOptions() } satisfies HostMessage);
    worker.unref();
    return worker;
  }

  private onMessage(raw: unknown): void {
    const parsed = WorkerMessageSchema.safeParse(raw);
    if (!parsed.success) return; // a malformed message has no request to fail; the request times out by its caller
    const msg = parsed.data;
    if (msg.type === 'ready') return;
    const p = this.pending.get(msg.requestId);
    if (!p) return;
    if (msg.type === 'progress') {
      p.onProgress?.(msg.done, msg.total);
      return;
    }
    this.pending.delete(msg.requestId);
    this.refreshRef();
    if (msg.type === 'result') p.resolve(msg.result);
    else if (msg.name === 'CancelledError') p.reject(new InferenceCancelled(`${p.kind} on ${p.what} was cancelled.`));
    else p.reject(new InferenceError(msg.message));
  }

  /** An idle worker must not keep a CLI process alive. */
  private refreshRef(): void {
    if (!this.worker) return;
    if (this.pending.size) this.worker.ref();
    else this.worker.unref();
  }

  /** Post a request; resolves with the worker's raw (unvalidated) result. */
  request(message: HostMessage, kind: string, what: string, onProgress?: (done: number, total: number) => void): Promise<unknown> {
    const worker = this.ensureWorker();
    return new Promise<unknown>((resolve, reject) => {
      this.pending.set(message.requestId, { kind, what, onProgress, resolve, reject });
      this.refreshRef();
      worker.postMessage(message);
    });
  }

  /** Ask the worker to cancel a request it holds; false when it holds none by that id. */
  cancel(requestId: string): boolean {
    if (!this.pending.has(requestId) || !this.worker) return false;
    this.worker.postMessage({ type: 'cancel', requestId } satisfies HostMessage);
    return true;
  }

  /** Stop the worker; pending requests fail. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    for (const [, p] of this.pending) p.reject(new InferenceError(`The inference client was closed while running ${p.kind} on ${p.what}.`));
    this.pending.clear();
    if (worker) await worker.terminate();
  }
}
