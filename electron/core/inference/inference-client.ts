// Host side of inference: runs generation-worker in worker_threads Workers (so onnxruntime never
// runs on the host's event loop), validates every request and result, supports cancel by request
// id (or AbortSignal), and replaces a crashed worker: its in-flight requests fail with a clear
// error and the next request starts a fresh worker. With a pool of 2+ workers (./worker-pool.ts)
// a large generate or score request is split into one share per worker, run concurrently; the
// results are identical to one worker's (seeds follow the global prompt index).
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { InferenceError } from './inference-errors.js';
import { WorkerPool, splitRanges, stripeIndices, type PoolRequestOptions } from './worker-pool.js';
import {
  GenerateParamsSchema,
  GenerateResultSchema,
  LogitsParamsSchema,
  LogitsResultSchema,
  ScoreParamsSchema,
  ScoreResultSchema,
  SessionOptionsSchema,
  type GenerateParams,
  type GenerateResult,
  type Generation,
  type HostMessage,
  type LogitsParams,
  type LogitsResult,
  type ScoreParams,
  type ScoreResult,
  type SessionOptions,
} from './worker-protocol.js';

export { InferenceCancelled, InferenceError, InferenceWorkerCrashedError } from './inference-errors.js';

export interface InferenceClientOptions {
  /** Worker module; default: generation-worker.ts/.js next to this file (a .ts path runs under tsx). */
  workerPath?: string;
  session?: Partial<SessionOptions>;
  /** Worker threads (data-parallel generation and scoring); default min(2, available cores); 1 = no splitting. */
  workers?: number;
  /** A request is split only when every worker gets at least this many prompts (default 8). */
  minPromptsPerWorker?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Called with the request id as soon as the request is queued (for `cancel`). */
  onStarted?: (requestId: string) => void;
  /** Generation: prompts done so far (after each batch), summed over the workers. */
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

function parseParams<S extends z.ZodType>(schema: S, params: unknown, kind: string): z.infer<S> {
  const r = schema.safeParse(params);
  if (!r.success) throw new InferenceError(`Invalid ${kind} request: ${z.prettifyError(r.error)}`);
  return r.data;
}


function validate<T>(schema: z.ZodType<T>, value: unknown, kind: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new InferenceError(`The inference worker's ${kind} result is malformed: ${z.prettifyError(r.error)}`);
  return r.data;
}

export class InferenceClient {
  private readonly pool: WorkerPool;
  private sessionOptions: SessionOptions;
  private readonly minPerWorker: number;

  constructor(options: InferenceClientOptions = {}) {
    const workerPath = options.workerPath ?? defaultWorkerPath();
    this.sessionOptions = SessionOptionsSchema.parse(options.session ?? {});
    const workers = options.workers ?? Math.min(2, availableParallelism());
    if (!Number.isInteger(workers) || workers < 1) throw new InferenceError(`workers must be a positive integer, not ${workers}.`);
    this.minPerWorker = Math.max(1, options.minPromptsPerWorker ?? 8);
    this.pool = new WorkerPool(workerPath, workers, () => this.sessionOptions);
  }

  /** Workers started so far (the pool's size + restarts after crashes); for diagnostics and tests. */
  get workerStarts(): number {
    return this.pool.starts;
  }

  /** Worker threads in the pool. */
  get workers(): number {
    return this.pool.size;
  }

  private async single<T>(message: HostMessage, kind: string, what: string, schema: z.ZodType<T>, options: PoolRequestOptions & { size?: number } = {}): Promise<T> {
    const [raw] = await this.pool.run([{ message, size: options.size ?? 1 }], kind, what, options);
    return validate(schema, raw, kind);
  }

  /** Generate continuations (KV-cached, batched); see GenerateParamsSchema for the options. */
  async generate(params: GenerateParams, options?: RequestOptions): Promise<GenerateResult> {
    const p = parseParams(GenerateParamsSchema, params, 'generate');
    const requestId = randomUUID();
    const shares = stripeIndices(p.prompts.length, this.pool.size, this.minPerWorker);
    if (shares.length === 1) {
      return this.single({ type: 'generate', requestId, params: p }, 'generate', p.modelDir, GenerateResultSchema, { ...options, size: p.prompts.length });
    }
    const chunks = shares.map((share) => ({
      message: { type: 'generate', requestId, params: { ...p, prompts: share.map((i) => p.prompts[i]!) }, promptIndices: share } satisfies HostMessage,
      size: share.length,
    }));
    const results = (await this.pool.run(chunks, 'generate', p.modelDir, options)).map((raw) => validate(GenerateResultSchema, raw, 'generate'));
    const outputs = new Array<Generation>(p.prompts.length);
    results.forEach((r, k) => {
      if (r.outputs.length !== shares[k]!.length) throw new InferenceError(`An inference worker returned ${r.outputs.length} generations for ${shares[k]!.length} prompts.`);
      r.outputs.forEach((g, j) => (outputs[shares[k]![j]!] = g));
    });
    const sum = (key: keyof GenerateResult['stats']) => results.reduce((s, r) => s + r.stats[key], 0);
    return {
      outputs,
      stats: {
        promptTokens: sum('promptTokens'),
        generatedTokens: sum('generatedTokens'),
        forwardCalls: sum('forwardCalls'),
        compactions: sum('compactions'),
        ms: Math.max(...results.map((r) => r.stats.ms)),
      },
    };
  }

  /** Logits of whole sequences (left-padded batch, no cache): for parity checks against PyTorch. */
  async logits(params: LogitsParams, options?: RequestOptions): Promise<LogitsResult> {
    const p = parseParams(LogitsParamsSchema, params, 'logits');
    return this.single({ type: 'logits', requestId: randomUUID(), params: p }, 'logits', p.modelDir, LogitsResultSchema, options);
  }

  /** Summed negative log-likelihood per sequence (for perplexity). */
  async score(params: ScoreParams, options?: RequestOptions): Promise<ScoreResult> {
    const p = parseParams(ScoreParamsSchema, params, 'score');
    const requestId = randomUUID();
    // Chunk boundaries on batch boundaries: every forward pass sees the same rows as with one worker.
    const ranges = splitRanges(p.sequences.length, this.pool.size, Math.max(this.minPerWorker, p.batchSize), p.batchSize);
    const chunks = ranges.map(([start, end]) => ({
      message: {
        type: 'score',
        requestId,
        params: { ...p, sequences: p.sequences.slice(start, end), ...(p.scoreFrom ? { scoreFrom: p.scoreFrom.slice(start, end) } : {}) },
      } satisfies HostMessage,
      size: end - start,
    }));
    const results = await this.pool.run(chunks, 'score', p.modelDir, options);
    return { scores: results.flatMap((raw) => validate(ScoreResultSchema, raw, 'score').scores) };
  }

  /** Cancel a request by id (all its chunks): it rejects with a CancelledError at the workers' next decode step. */
  cancel(requestId: string): boolean {
    return this.pool.cancel(requestId);
  }

  /**
   * Release the session of one model directory (or all) on every worker: call when the engine is
   * done with it. Returns the most sessions any one worker released (= models released).
   */
  async release(modelDir?: string): Promise<number> {
    const what = modelDir ?? 'all models';
    const raws = await this.pool.broadcast(() => ({ type: 'release', requestId: randomUUID(), ...(modelDir !== undefined ? { modelDir } : {}) }), 'release', what);
    return Math.max(0, ...raws.map((raw) => validate(z.object({ released: z.number() }), raw, 'release').released));
  }

  /** Change onnxruntime options (threads, cache size) on every worker; idle sessions are recreated with them. */
  async configure(options: Partial<SessionOptions>): Promise<void> {
    this.sessionOptions = SessionOptionsSchema.parse({ ...this.sessionOptions, ...options });
    await this.pool.broadcast(() => ({ type: 'configure', requestId: randomUUID(), options: this.sessionOptions }), 'configure', 'worker');
  }

  /** Make a worker (the least busy) throw an uncaught error (tests prove recovery with it). */
  crashForTesting(): Promise<unknown> {
    return this.single({ type: 'crash-for-testing', requestId: randomUUID() }, 'crash-for-testing', 'worker', z.unknown());
  }

  /** Stop the workers; pending requests fail. */
  async close(): Promise<void> {
    await this.pool.close();
  }
}
