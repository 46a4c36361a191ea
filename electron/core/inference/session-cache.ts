// onnxruntime sessions, one per model directory, cached inside the inference worker. Creating a
// session costs tens of milliseconds and evaluation calls the same model many times, so sessions
// are kept (LRU, at most `maxSessions`) and released explicitly when the engine is done with a model.
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { resolveOnnxModel, type OnnxModelFiles } from './model-files.js';
import { CharTokenizer } from './tokenizer.js';
import type { SessionOptions } from './worker-protocol.js';

export interface LoadedModel {
  files: OnnxModelFiles;
  /** model.onnx: any number of tokens per row (prefill, scoring). */
  session: ort.InferenceSession;
  /** decode.onnx for one-token steps, or `session` when the export has none. */
  step: ort.InferenceSession;
  tokenizer: CharTokenizer;
}

interface Entry {
  loading: Promise<LoadedModel>;
  /** Identity of model.onnx when loaded: a re-export to the same path must not reuse the session. */
  fileId: string;
  users: number;
  lastUsed: number;
  /** Released while in use: dispose when the last user is done. */
  releaseWhenIdle: boolean;
}

/** Check the inputs and outputs the export contract promises, so a foreign .onnx fails with a clear message. */
function checkContract(model: LoadedModel): void {
  const inputs = ['input_ids', 'attention_mask', 'position_ids'];
  const outputs = ['logits'];
  for (let i = 0; i < model.files.config.n_layer; i++) {
    inputs.push(`past.${i}.key`, `past.${i}.value`);
    outputs.push(`new.${i}.key`, `new.${i}.value`);
  }
  const graphs: Array<[string, ort.InferenceSession, string[]]> = [[model.files.onnxPath, model.session, outputs]];
  // decode.onnx packs the new keys and values into one output; exports made before it did return
  // them per layer, like model.onnx, and are still read (kv-cache.ts takes both).
  if (model.step !== model.session) graphs.push([model.files.decodePath!, model.step, model.step.outputNames.includes('new') ? ['logits', 'new'] : outputs]);
  for (const [path, session, expected] of graphs) {
    const missingIn = inputs.filter((n) => !session.inputNames.includes(n));
    const missingOut = expected.filter((n) => !session.outputNames.includes(n));
    if (missingIn.length || missingOut.length) {
      // An export of the earlier contract returned the whole cache as present.* instead of new.*.
      const older = session.outputNames.includes('present.0.key') ? ' It was made by an older export (present.* outputs).' : '';
      throw new Error(
        `${path} does not follow the export contract (missing inputs: ${missingIn.join(', ') || 'none'}; ` +
          `missing outputs: ${missingOut.join(', ') || 'none'}).${older} Re-export it with the bridge's export.onnx.`,
      );
    }
  }
  if (model.tokenizer.vocabSize > model.files.config.vocab_size) {
    throw new Error(`${model.files.tokenizerPath} has ${model.tokenizer.vocabSize} tokens but the model only ${model.files.config.vocab_size}; re-export the model.`);
  }
}

/** onnxruntime's options for every session an inference worker opens (and the bench's GEMM floor). */
export function ortSessionOptions(intraOpThreads: number): ort.InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: intraOpThreads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    executionProviders: ['cpu'],
  };
}

export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private clock = 0;

  constructor(private options: SessionOptions) {}

  private sessionOptions(): ort.InferenceSession.SessionOptions {
    return ortSessionOptions(this.options.intraOpThreads);
  }

  private async create(path: string): Promise<ort.InferenceSession> {
    try {
      return await ort.InferenceSession.create(path, this.sessionOptions());
    } catch (err) {
      throw new Error(
        `Cannot load ONNX file ${path}: ${(err as Error).message.split('\n')[0]}. ` +
          `The file is corrupt or not an ONNX model; delete it and re-run the export (the bridge's export.onnx).`,
      );
    }
  }

  private async load(dir: string): Promise<LoadedModel> {
    const files = resolveOnnxModel(dir);
    const tokenizer = CharTokenizer.fromFile(files.tokenizerPath);
    const session = await this.create(files.onnxPath);
    let step = session;
    try {
      if (files.decodePath !== null) step = await this.create(files.decodePath);
      const model = { files, session, step, tokenizer };
      checkContract(model);
      return model;
    } catch (err) {
      await releaseQuietly({ session, step });
      throw err;
    }
  }

  /** Get (loading if needed) the model of `dir`; pair every acquire with `done`. */
  async acquire(dir: string): Promise<LoadedModel> {
    const key = resolve(dir);
    const fileId = onnxFileId(key);
    let entry = this.entries.get(key);
    if (entry && entry.fileId !== fileId) {
      // The export was rewritten (or deleted and re-created) since it was loaded.
      if (entry.users === 0) await this.dispose(key);
      else this.entries.delete(key); // its users finish with the old session, which is then dropped
      entry = undefined;
    }
    if (!entry) {
      entry = { loading: this.load(key), fileId, users: 0, lastUsed: 0, releaseWhenIdle: false };
      this.entries.set(key, entry);
      // A failed load must not stay cached: the user may fix the file and retry.
      const created = entry;
      entry.loading.catch(() => {
        if (this.entries.get(key) === created) this.entries.delete(key);
      });
    }
    entry.users++;
    entry.lastUsed = ++this.clock;
    try {
      const model = await entry.loading;
      await this.evictBeyondLimit();
      return model;
    } catch (err) {
      entry.users--;
      throw err;
    }
  }

  async done(model: LoadedModel): Promise<void> {
    const entry = this.entries.get(model.files.dir);
    if (!entry || (await entry.loading.catch(() => null)) !== model) {
      // Its entry was replaced while in use (a re-export): the old session is released now.
      // (Several users of the replaced session would each call this; release is idempotent.)
      await releaseQuietly(model);
      return;
    }
    entry.users = Math.max(0, entry.users - 1);
    if (entry.users === 0 && entry.releaseWhenIdle) await this.dispose(model.files.dir);
  }

  /** Release one model's session (or all); in-use sessions go as soon as their requests finish. */
  async release(dir?: string): Promise<number> {
    const keys = dir === undefined ? [...this.entries.keys()] : [resolve(dir)];
    let released = 0;
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      if (entry.users > 0) entry.releaseWhenIdle = true;
      else {
        await this.dispose(key);
        released++;
      }
    }
    return released;
  }

  /** New options apply to sessions created from now on, so idle sessions are dropped. */
  async configure(options: SessionOptions): Promise<void> {
    this.options = options;
    await this.release();
  }

  get size(): number {
    return this.entries.size;
  }

  private async dispose(key: string): Promise<void> {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    if (!entry) return;
    try {
      await releaseQuietly(await entry.loading);
    } catch {
      /* a failed load has nothing to release */
    }
  }

  private async evictBeyondLimit(): Promise<void> {
    while (this.entries.size > this.options.maxSessions) {
      const idle = [...this.entries.entries()].filter(([, e]) => e.users === 0).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
      const victim = idle[0];
      if (!victim) return; // everything is in use; the limit is soft
      await this.dispose(victim[0]);
    }
  }
}

/** mtime, size and inode of model.onnx ('' when missing: loading then reports the missing file). */
function onnxFileId(dir: string): string {
  try {
    const st = statSync(join(dir, 'model.onnx'));
    return `${st.mtimeMs}:${st.size}:${st.ino}`;
  } catch {
    return '';
  }
}

async function releaseQuietly(model: Pick<LoadedModel, 'session' | 'step'>): Promise<void> {
  for (const session of new Set([model.session, model.step])) {
    try {
      await session.release();
    } catch {
      /* already released */
    }
  }
}
