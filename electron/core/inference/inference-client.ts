// Host side of the inference worker: starts generation-worker in a worker_threads Worker (so
// onnxruntime never runs on the host's event loop), validates every message, supports cancel by
// request id (or AbortSignal), and replaces a crashed worker: its in-flight requests fail with a
// clear error and the next request starts a fresh worker.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import {
  GenerateParamsSchema,
  GenerateResultSchema,
  LogitsParamsSchema,
  LogitsResultSchema,
  ScoreParamsSchema,
  ScoreResultSchema,
  SessionOptionsSchema,
  WorkerMessageSchema,
  type GenerateParams,
  type GenerateResult,
  type HostMessage,
  type LogitsParams,
  type LogitsResult,
  type ScoreParams,
  type ScoreResult,
  type SessionOptions,
} from './worker-protocol.js';

export class InferenceError extends Error {
  override name = 'InferenceError';
}
export class InferenceCancelled extends InferenceError {
  override name = 'CancelledError';
}
export class InferenceWorkerCrashedError extends InferenceError {
  override name = 'InferenceWorkerCrashedError';
}

export interface InferenceClientOptions {
  /** Worker module; default: generation-worker.ts/.js next to this file (a .ts path runs under tsx). */
  workerPath?: string;
  session?: Partial<SessionOptions>;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Called with the request id as soon as the request is queued (for `cancel`). */
  onStarted?: (requestId: string) => void;
  /** Generation: prompts done so far (after each batch). */
  onProgress?: (done: number, total: number) => void;
}

interface Pending {
  kind: string;
  what: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  onProgress?: (done: number, total: number) => void;
}

function thisModuleFile(): string | undefined {
  try {
    if (import.meta.url) return fileURLToPath(import.meta.url);
  } catch {
    /* CJS bundle: fall through */
  }
  return typeof __filename === 'string' ? __filename : undefined;
}

/** generation-worker next to this module: .ts under tsx (dev, tests), .js when compiled. */
export function defaultWorkerPath(): string {
  const here = thisModuleFile();
  if (!here) throw new InferenceError('Cannot locate the inference worker module; pass workerPath to InferenceClient.');
  const dir = dirname(here);
  const sibling = join(dir, here.endsWith('.ts') ? 'generation-worker.ts' : 'generation-worker.js');
  if (!existsSync(sibling)) {
    throw new InferenceError(`The inference worker ${sibling} is missing; the build must emit generation-worker.js next to ${here}.`);
  }
  return sibling;
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

function parseParams<S extends z.ZodType>(schema: S, params: unknown, kind: string): z.infer<S> {
  const r = schema.safeParse(params);
  if (!r.success) throw new InferenceError(`Invalid ${kind} request: ${z.prettifyError(r.error)}`);
  return r.data;
}

export class InferenceClient {
  private worker: Worker | null = null;
  private readonly pending = new Map<string, Pending>();
  private sessionOptions: SessionOptions;
  private readonly workerPath: string;
  private closed = false;
  /** Workers started so far (1 + restarts after crashes); for diagnostics and tests. */
  workerStarts = 0;

  constructor(options: InferenceClientOptions = {}) {
    this.workerPath = options.workerPath ?? defaultWorkerPath();
    this.sessionOptions = SessionOptionsSchema.parse(options.session ?? {});
  }

  private ensureWorker(): Worker {
    if (this.closed) throw new InferenceError('The inference client was closed; create a new one.');
    if (this.worker) return this.worker;
    const worker = this.workerPath.endsWith('.ts') ? startTsWorker(this.workerPath) : new Worker(this.workerPath);
    this.workerStarts++;
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
    worker.postMessage({ type: 'configure', requestId: randomUUID(), options: this.sessionOptions } satisfies HostMessage);
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

  private request<T>(message: HostMessage, kind: string, what: string, schema: z.ZodType<T>, options: RequestOptions = {}): Promise<T> {
    if (options.signal?.aborted) return Promise.reject(new InferenceCancelled(`${kind} on ${what} was cancelled.`));
    const worker = this.ensureWorker();
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => this.cancel(message.requestId);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = () => options.signal?.removeEventListener('abort', onAbort);
      this.pending.set(message.requestId, {
        kind,
        what,
        onProgress: options.onProgress,
        resolve: (value) => {
          cleanup();
          const r = schema.safeParse(value);
          if (r.success) resolve(r.data);
          else reject(new InferenceError(`The inference worker's ${kind} result is malformed: ${z.prettifyError(r.error)}`));
        },
        reject: (err) => {
          cleanup();
          reject(err);
        },
      });
      this.refreshRef();
      worker.postMessage(message);
      options.onStarted?.(message.requestId);
    });
  }

  /** Generate continuations (KV-cached, batched); see GenerateParamsSchema for the options. */
  async generate(params: GenerateParams, options?: RequestOptions): Promise<GenerateResult> {
    const p = parseParams(GenerateParamsSchema, params, 'generate');
    return this.request({ type: 'generate', requestId: randomUUID(), params: p }, 'generate', p.modelDir, GenerateResultSchema, options);
  }

  /** Logits of whole sequences (left-padded batch, no cache): for parity checks against PyTorch. */
  async logits(params: LogitsParams, options?: RequestOptions): Promise<LogitsResult> {
    const p = parseParams(LogitsParamsSchema, params, 'logits');
    return this.request({ type: 'logits', requestId: randomUUID(), params: p }, 'logits', p.modelDir, LogitsResultSchema, options);
  }

  /** Summed negative log-likelihood per sequence (for perplexity). */
  async score(params: ScoreParams, options?: RequestOptions): Promise<ScoreResult> {
    const p = parseParams(ScoreParamsSchema, params, 'score');
    return this.request({ type: 'score', requestId: randomUUID(), params: p }, 'score', p.modelDir, ScoreResultSchema, options);
  }

  /** Cancel a request by id: it rejects with a CancelledError at the worker's next decode step. */
  cancel(requestId: string): boolean {
    if (!this.pending.has(requestId) || !this.worker) return false;
    this.worker.postMessage({ type: 'cancel', requestId } satisfies HostMessage);
    return true;
  }

  /** Release the session of one model directory (or all): call when the engine is done with it. */
  async release(modelDir?: string): Promise<number> {
    if (!this.worker) return 0;
    const r = await this.request(
      { type: 'release', requestId: randomUUID(), ...(modelDir !== undefined ? { modelDir } : {}) },
      'release',
      modelDir ?? 'all models',
      z.object({ released: z.number() }),
    );
    return r.released;
  }

  /** Change onnxruntime options (threads, cache size); idle sessions are recreated with them. */
  async configure(options: Partial<SessionOptions>): Promise<void> {
    this.sessionOptions = SessionOptionsSchema.parse({ ...this.sessionOptions, ...options });
    await this.request({ type: 'configure', requestId: randomUUID(), options: this.sessionOptions }, 'configure', 'worker', z.unknown());
  }

  /** Make the worker throw an uncaught error (tests prove recovery with it). */
  crashForTesting(): Promise<unknown> {
    return this.request({ type: 'crash-for-testing', requestId: randomUUID() }, 'crash-for-testing', 'worker', z.unknown());
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
