// Entry point of the inference worker thread (worker_threads): owns the onnxruntime sessions and
// runs generation, logits and scoring requests off the host's event loop. Every message in and
// out is validated with ./worker-protocol.ts. Requests run one at a time (two cores: concurrency
// would only thrash); a cancel arrives between decode steps.
import { parentPort } from 'node:worker_threads';
import { fitPrompt, generateBatch, forwardLogits, InferenceCancelledError, type DecodeStats } from './decode-loop.js';
import { deriveSeed, mulberry32 } from './prng.js';
import { SessionCache, type LoadedModel } from './session-cache.js';
import {
  HostMessageSchema,
  SessionOptionsSchema,
  type GenerateResult,
  type Generation,
  type HostMessage,
  type LogitsResult,
  type ScoreResult,
  type WorkerMessage,
} from './worker-protocol.js';
import { z } from 'zod';

if (!parentPort) throw new Error('generation-worker.ts must be started as a worker thread (see inference-client.ts).');
const port = parentPort;

const cache = new SessionCache(SessionOptionsSchema.parse({}));
const cancelled = new Set<string>();
/** Requests queued or running: a late cancel of a finished request is ignored, not remembered. */
const live = new Set<string>();
let queue: Promise<void> = Promise.resolve();

function send(message: WorkerMessage): void {
  port.postMessage(message);
}

type GenerateMsg = Extract<HostMessage, { type: 'generate' }>;
type ScoreMsg = Extract<HostMessage, { type: 'score' }>;

function promptIds(model: LoadedModel, prompt: GenerateMsg['params']['prompts'][number]): number[] {
  return Array.isArray(prompt) ? model.tokenizer.encodeChat(prompt, true) : prompt.ids;
}

async function generate(msg: GenerateMsg): Promise<GenerateResult> {
  const started = performance.now();
  const p = msg.params;
  const global = msg.promptIndices;
  if (global && global.length !== p.prompts.length) throw new Error(`promptIndices has ${global.length} entries for ${p.prompts.length} prompts.`);
  const model = await cache.acquire(p.modelDir);
  try {
    const block = model.files.config.block_size;
    const encoded = p.prompts.map((prompt) => fitPrompt(promptIds(model, prompt), p.maxNewTokens, block));
    // Similar lengths share a batch (less padding); results go back in the caller's order.
    const order = encoded.map((_, i) => i).sort((a, b) => encoded[a]!.length - encoded[b]!.length || a - b);
    const outputs: Generation[] = new Array<Generation>(encoded.length);
    const stats: DecodeStats = { forwardCalls: 0, generatedTokens: 0, compactions: 0 };
    for (let start = 0; start < order.length; start += p.batchSize) {
      const chunk = order.slice(start, start + p.batchSize);
      const generations = await generateBatch(
        model,
        chunk.map((i) => encoded[i]!),
        {
          maxNewTokens: p.maxNewTokens,
          sampling: p.sampling,
          stopSequences: p.stopSequences,
          // Seeded per global prompt index: a prompt's sample does not depend on batching, order
          // or which worker of the pool ran it.
          rngs: chunk.map((i) => mulberry32(deriveSeed(p.sampling.seed, global ? global[i]! : i))),
          isCancelled: () => cancelled.has(msg.requestId),
        },
        stats,
      );
      chunk.forEach((i, j) => (outputs[i] = generations[j]!));
      send({ type: 'progress', requestId: msg.requestId, done: Math.min(start + p.batchSize, order.length), total: order.length });
    }
    const promptTokens = encoded.reduce((s, e) => s + e.length, 0);
    return { outputs, stats: { promptTokens, ...stats, ms: performance.now() - started } };
  } finally {
    await cache.done(model);
  }
}

/** Negative log-likelihood of each sequence's tokens from `scoreFrom` on (for perplexity). */
async function score(msg: ScoreMsg): Promise<ScoreResult> {
  const p = msg.params;
  const model = await cache.acquire(p.modelDir);
  try {
    const scores: ScoreResult['scores'] = [];
    for (let start = 0; start < p.sequences.length; start += p.batchSize) {
      if (cancelled.has(msg.requestId)) throw new InferenceCancelledError('Scoring was cancelled.');
      const chunk = p.sequences.slice(start, start + p.batchSize);
      // The last token is only a target: feed seq[:-1] (so a sequence may be block_size + 1 long).
      const { data, dims } = await forwardLogits(model, chunk.map((seq) => seq.slice(0, -1)));
      const [, width, vocab] = dims;
      chunk.forEach((seq, b) => {
        const pad = width - (seq.length - 1);
        const from = p.scoreFrom?.[start + b] ?? 1;
        let nll = 0;
        let tokens = 0;
        for (let j = Math.max(1, from); j < seq.length; j++) {
          const offset = (b * width + pad + j - 1) * vocab;
          let max = -Infinity;
          for (let v = 0; v < vocab; v++) max = Math.max(max, data[offset + v]!);
          let sum = 0;
          for (let v = 0; v < vocab; v++) sum += Math.exp(data[offset + v]! - max);
          nll += max + Math.log(sum) - data[offset + seq[j]!]!;
          tokens++;
        }
        scores.push({ nll, tokens });
      });
    }
    return { scores };
  } finally {
    await cache.done(model);
  }
}

async function handle(msg: HostMessage): Promise<unknown> {
  switch (msg.type) {
    case 'generate':
      return generate(msg);
    case 'score':
      return score(msg);
    case 'logits': {
      const model = await cache.acquire(msg.params.modelDir);
      try {
        const r = await forwardLogits(model, msg.params.inputIds);
        return { dims: r.dims, data: new Float32Array(r.data) } satisfies LogitsResult;
      } finally {
        await cache.done(model);
      }
    }
    case 'release':
      return { released: await cache.release(msg.modelDir) };
    case 'configure':
      await cache.configure(msg.options);
      return { ok: true };
    case 'crash-for-testing':
      setImmediate(() => {
        throw new Error('Inference worker crashed on purpose (crash-for-testing).');
      });
      return new Promise<never>(() => {}); // never answers: the crash ends the worker
    case 'cancel':
      return { ok: true };
  }
}

port.on('message', (raw: unknown) => {
  const parsed = HostMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const id = z.object({ requestId: z.string() }).safeParse(raw);
    if (id.success) send({ type: 'error', requestId: id.data.requestId, name: 'InvalidRequest', message: `Invalid inference request: ${z.prettifyError(parsed.error)}` });
    return;
  }
  const msg = parsed.data;
  if (msg.type === 'cancel') {
    // Out of band: the running request sees the flag at its next decode step.
    if (live.has(msg.requestId)) cancelled.add(msg.requestId);
    return;
  }
  live.add(msg.requestId);
  queue = queue.then(async () => {
    if (cancelled.delete(msg.requestId)) {
      live.delete(msg.requestId);
      send({ type: 'error', requestId: msg.requestId, name: 'CancelledError', message: 'The request was cancelled before it started.' });
      return;
    }
    try {
      const result = await handle(msg);
      send({ type: 'result', requestId: msg.requestId, result });
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      send({ type: 'error', requestId: msg.requestId, name: e.name, message: e.message });
    } finally {
      cancelled.delete(msg.requestId);
      live.delete(msg.requestId);
    }
  });
});

send({ type: 'ready' });
