// The KV-cached, batched decode loop over an ONNX export (docs/CONTRACTS.md, "ONNX model").
// Prompts of unequal length are LEFT-padded so every row's next token is predicted at the last
// position; attention_mask marks real tokens (1) and padding (0); position_ids count real tokens
// only, so a padded row sees exactly the positions it would see alone. Runs inside the worker.
import * as ort from 'onnxruntime-node';
import type { Random } from './prng.js';
import { sampleToken, type SamplingOptions } from './sampling.js';
import { Int64Words } from './int64-words.js';
import { KvCache } from './kv-cache.js';
import { prefillGroups } from './prefill-groups.js';
import type { LoadedModel } from './session-cache.js';
import { TOKEN } from './tokenizer.js';
import type { Generation } from './worker-protocol.js';

export class InferenceCancelledError extends Error {
  override name = 'CancelledError';
}

export interface DecodeOptions {
  maxNewTokens: number;
  sampling: SamplingOptions;
  stopSequences: readonly string[];
  /** One PRNG per prompt (unused when greedy). */
  rngs: readonly Random[];
  isCancelled: () => boolean;
}

export interface DecodeStats {
  forwardCalls: number;
  generatedTokens: number;
  /** Times finished rows were dropped from a batch. */
  compactions: number;
}

type Feeds = Record<string, ort.Tensor>;

function int64(values: BigInt64Array, dims: number[]): ort.Tensor {
  return new ort.Tensor('int64', values, dims);
}

function emptyPast(model: LoadedModel, batch: number): Feeds {
  const { n_layer, n_head, head_dim } = model.files.config;
  const feeds: Feeds = {};
  for (let i = 0; i < n_layer; i++) {
    feeds[`past.${i}.key`] = new ort.Tensor('float32', new Float32Array(0), [batch, n_head, 0, head_dim]);
    feeds[`past.${i}.value`] = new ort.Tensor('float32', new Float32Array(0), [batch, n_head, 0, head_dim]);
  }
  return feeds;
}

function checkLengths(model: LoadedModel, sequences: readonly (readonly number[])[]): void {
  const { block_size, vocab_size } = model.files.config;
  sequences.forEach((seq, i) => {
    if (seq.length === 0) throw new Error(`Prompt ${i} is empty; give at least one token.`);
    if (seq.length > block_size) {
      throw new Error(`Prompt ${i} has ${seq.length} tokens but the model's block_size is ${block_size}; shorten the prompt.`);
    }
    const bad = seq.find((id) => id >= vocab_size);
    if (bad !== undefined) throw new Error(`Prompt ${i} has token id ${bad}, outside the model's vocabulary of ${vocab_size}.`);
  });
}

/**
 * Fit a prompt into the position table the way the bridge's model.generate does: when prompt +
 * maxNewTokens exceeds block_size, keep only the last block_size - maxNewTokens prompt tokens.
 */
export function fitPrompt(ids: readonly number[], maxNewTokens: number, blockSize: number): readonly number[] {
  if (ids.length + maxNewTokens <= blockSize) return ids;
  const keep = blockSize - maxNewTokens;
  if (keep < 1) throw new Error(`maxNewTokens ${maxNewTokens} leaves no room for the prompt in the model's block_size of ${blockSize}; ask for fewer tokens.`);
  return ids.slice(ids.length - keep);
}

/** Left-padded input_ids / attention_mask / position_ids for a whole-sequence forward pass. */
export function leftPad(sequences: readonly (readonly number[])[]): { ids: BigInt64Array; mask: BigInt64Array; positions: BigInt64Array; width: number } {
  const width = Math.max(...sequences.map((s) => s.length));
  const n = sequences.length * width;
  const ids = new Int64Words(new BigInt64Array(n).fill(BigInt(TOKEN.pad)));
  const mask = new Int64Words(new BigInt64Array(n));
  const positions = new Int64Words(new BigInt64Array(n));
  sequences.forEach((seq, b) => {
    const pad = width - seq.length;
    for (let j = 0; j < seq.length; j++) {
      ids.set(b * width + pad + j, seq[j]!);
      mask.set(b * width + pad + j, 1);
      positions.set(b * width + pad + j, j); // cumsum(mask) - 1, clamped at 0 (pads stay 0)
    }
  });
  return { ids: ids.array, mask: mask.array, positions: positions.array, width };
}

/** One forward pass over whole left-padded sequences (no cache): logits [batch, width, vocab]. */
export async function forwardLogits(model: LoadedModel, sequences: readonly (readonly number[])[]): Promise<{ data: Float32Array; dims: [number, number, number] }> {
  checkLengths(model, sequences);
  const batch = sequences.length;
  const { ids, mask, positions, width } = leftPad(sequences);
  // Only the logits: the new keys and values of every position would be copied out for nothing.
  const out = await model.session.run(
    {
      input_ids: int64(ids, [batch, width]),
      attention_mask: int64(mask, [batch, width]),
      position_ids: int64(positions, [batch, width]),
      ...emptyPast(model, batch),
    },
    ['logits'],
  );
  const logits = out['logits'];
  if (!logits) throw new Error(`${model.files.onnxPath} returned no "logits" output; re-export the model.`);
  return { data: logits.data as Float32Array, dims: [batch, width, model.files.config.vocab_size] };
}

interface Row {
  promptTokens: number;
  /** Real tokens in the sequence so far = the position id of the next real token. */
  length: number;
  ids: number[];
  text: string;
  finish: Generation['finishReason'] | null;
}

/** Cut `text` at the earliest stop sequence that appears in its tail; null when none does. */
function cutAtStop(text: string, addedChars: number, stops: readonly string[]): string | null {
  let cut = -1;
  for (const stop of stops) {
    const from = Math.max(0, text.length - addedChars - stop.length + 1);
    const at = text.indexOf(stop, from);
    if (at >= 0 && (cut < 0 || at < cut)) cut = at;
  }
  return cut < 0 ? null : text.slice(0, cut);
}

/**
 * A forward pass's fixed cost in prompt tokens of prefill work: what splitting a prefill into one
 * more group must save. On the embedded model a pass costs about 144 us plus 10 us per token
 * (docs/INFERENCE-PERFORMANCE.md), i.e. about 14 tokens; 8, 14 and 24 measured the same on the
 * bench's prompt sets, whose lengths cluster, so the value is not sensitive.
 */
const PREFILL_PASS_COST = 8;

/** Compact the batch when at most this share of its rows is still generating. */
const COMPACT_WHEN_ACTIVE_AT_MOST = 0.75;

/**
 * Generate continuations of a batch of prompts with the KV cache: prefill passes of model.onnx
 * over the left-padded prompts (grouped by length, ./prefill-groups.ts), then one pass of the
 * one-token graph (decode.onnx) per new token. The cache lives in this loop's buffers
 * (./kv-cache.ts): the model reads it as `past.*` and returns only the new token's keys and values.
 * A row that finished (end token, stop sequence, max tokens, block size) gets a masked pad token,
 * so it neither moves its position nor influences anything; once a quarter of the batch has
 * finished, finished rows are dropped from the batch and the cache (most answers are short, and a
 * batch otherwise pays for its longest answer at full width).
 */
export async function generateBatch(model: LoadedModel, prompts: readonly (readonly number[])[], options: DecodeOptions, stats: DecodeStats): Promise<Generation[]> {
  checkLengths(model, prompts);
  const { n_layer, n_head, head_dim, block_size, vocab_size } = model.files.config;
  const rows: Row[] = prompts.map((p) => ({ promptTokens: p.length, length: p.length, ids: [], text: '', finish: null }));
  /** Row index of each batch slot. */
  let slots = rows.map((_, i) => i);
  const width = Math.max(...prompts.map((p) => p.length));
  // After the prefill each row feeds back at most maxNewTokens - 1 tokens (the last is never fed).
  const cache = new KvCache({ nLayer: n_layer, nHead: n_head, headDim: head_dim }, slots.length, width + Math.max(0, options.maxNewTokens - 1));
  try {
    /** Logits of each slot's next token, [slots, vocab]. */
    let logits: Float32Array<ArrayBufferLike> = new Float32Array(slots.length * vocab_size);
    for (const group of prefillGroups(prompts.map((p) => p.length), PREFILL_PASS_COST)) {
      if (options.isCancelled()) throw new InferenceCancelledError('Generation was cancelled.');
      const { ids, mask, positions, width: w } = leftPad(group.map((r) => prompts[r]!));
      const out = await model.session.run({
        input_ids: int64(ids, [group.length, w]),
        attention_mask: int64(mask, [group.length, w]),
        position_ids: int64(positions, [group.length, w]),
        ...emptyPast(model, group.length),
      });
      stats.forwardCalls++;
      cache.writePrefill(out, group, w, mask);
      const all = out['logits']!.data as Float32Array; // [group, w, vocab]: keep each row's last position
      group.forEach((r, k) => logits.set(all.subarray((k * w + w - 1) * vocab_size, (k * w + w) * vocab_size), r * vocab_size));
    }
    const nextIds = new Int64Words(new BigInt64Array(slots.length));
    const nextPositions = new Int64Words(new BigInt64Array(slots.length));
    let stepFeeds: Feeds = {};
    let cacheFeeds: Feeds | null = null;
    for (;;) {
      const batch = slots.length;
      let active = 0;
      for (let s = 0; s < batch; s++) {
        const r = slots[s]!;
        const row = rows[r]!;
        if (row.finish === null) {
          const token = sampleToken(logits, options.sampling, options.rngs[r]!, s * vocab_size, vocab_size);
          stats.generatedTokens++;
          // Like the bridge's model.generate, <|end|> stops the row and is not returned.
          if (token === TOKEN.end) row.finish = 'end';
          else {
            row.ids.push(token);
            const piece = model.tokenizer.decode([token]);
            row.text += piece;
            const cut = options.stopSequences.length ? cutAtStop(row.text, piece.length, options.stopSequences) : null;
            if (cut !== null) {
              row.text = cut;
              row.finish = 'stop';
            } else if (row.ids.length >= options.maxNewTokens || row.length >= block_size) {
              // The next token would need position `row.length`, beyond the position table.
              row.finish = 'length';
            }
          }
          if (row.finish === null) {
            nextIds.set(s, token);
            nextPositions.set(s, row.length);
            cache.setTokenMask(s, true);
            row.length++;
            active++;
            continue;
          }
        }
        // Finished: a masked pad at a valid position.
        nextIds.set(s, TOKEN.pad);
        nextPositions.set(s, Math.max(0, row.length - 1));
        cache.setTokenMask(s, false);
      }
      if (active === 0) break;
      if (options.isCancelled()) throw new InferenceCancelledError('Generation was cancelled.');
      const compacting = active <= batch * COMPACT_WHEN_ACTIVE_AT_MOST;
      if (compacting) {
        const keep: number[] = [];
        for (let s = 0; s < batch; s++) if (rows[slots[s]!]!.finish === null) keep.push(s);
        keep.forEach((s, k) => {
          nextIds.set(k, nextIds.get(s));
          nextPositions.set(k, nextPositions.get(s));
        });
        cache.keepRows(keep);
        slots = keep.map((s) => slots[s]!);
        stats.compactions++;
      }
      cache.reserve(cache.cursor + 1); // room for this step's keys and values
      const kvFeeds = cache.stepFeeds();
      if (kvFeeds !== cacheFeeds) {
        // The tensors view the arrays that each step rewrites: rebuilt only when the batch
        // shrinks or the cache grows.
        cacheFeeds = kvFeeds;
        stepFeeds = {
          input_ids: int64(nextIds.array.subarray(0, slots.length), [slots.length, 1]),
          position_ids: int64(nextPositions.array.subarray(0, slots.length), [slots.length, 1]),
          ...kvFeeds,
        };
      }
      const out = await model.step.run(stepFeeds);
      stats.forwardCalls++;
      cache.appendStep(out);
      logits = out['logits']!.data as Float32Array; // [slots, 1, vocab]
    }
  } finally {
    cache.release();
  }
  return rows.map((r) => ({ ids: r.ids, text: r.text, finishReason: r.finish!, promptTokens: r.promptTokens }));
}
