// The decode loop's own KV cache (docs/CONTRACTS.md, "ONNX model"): per layer one key and one
// value buffer [batch, n_head, capacity, head_dim], handed to onnxruntime as `past.*` inputs (it
// wraps typed arrays without copying). The model returns only the new tokens' keys and values
// (`new.*` per layer from model.onnx, one packed `new` from decode.onnx), which are written here
// at the cursor, so no step copies the whole cache. Slots past the cursor are masked out.
//
// The capacity fed to the model grows with the cursor, in chunks of GROWTH_SLOTS, up to the most
// the batch can need. Every step's attention reads all `capacity` slots of every row, so feeding
// the maximum (prompt width + max new tokens) from the first step made a batch of 32 read twice
// the cache it uses on average: ~11 MB per step, which also made two inference workers on two
// cores slow each other down through the shared L3 cache. Growing re-strides the lines in place
// (a copy of the filled slots, once per GROWTH_SLOTS steps).
import * as ort from 'onnxruntime-node';
import { Int64Words } from './int64-words.js';

export interface KvShape {
  nLayer: number;
  nHead: number;
  headDim: number;
}

/**
 * Copy n floats. A decode step copies head_dim floats per (row, head), 1,024 chunks of 32 in a
 * batch-32 step: a loop unrolled by four copies them in half the time of a plain loop (15 vs
 * 31 us per step) and in a quarter of a subarray + set's; a prefill's long chunks go to the
 * native copy.
 */
function copyChunk(dst: Float32Array, to: number, src: Float32Array, from: number, n: number): void {
  if (n >= 256) {
    dst.set(src.subarray(from, from + n), to);
    return;
  }
  const end = from + n;
  const unrolled = from + (n & ~3);
  for (; from < unrolled; from += 4, to += 4) {
    dst[to] = src[from]!;
    dst[to + 1] = src[from + 1]!;
    dst[to + 2] = src[from + 2]!;
    dst[to + 3] = src[from + 3]!;
  }
  for (; from < end; from++, to++) dst[to] = src[from]!;
}

/** Slots added each time the cursor reaches the capacity. */
export const GROWTH_SLOTS = 16;

/**
 * Buffers of the last finished cache, reused by the next one: a batch of 32 needs ~11 MB, and
 * allocating that per batch showed up as garbage collection (~10% of generation time). One
 * spare set suffices: the inference worker runs one generation at a time.
 */
let spare: { buffers: Float32Array[]; mask: BigInt64Array } | null = null;

export class KvCache {
  /** key and value buffer of each layer, in the order past.0.key, past.0.value, past.1.key, ... */
  private readonly buffers: Float32Array[];
  /**
   * The attention_mask of the next one-token step, [rows, capacity + 1]: columns 0..capacity-1
   * say which slots hold real (unpadded) tokens, the last one whether the fed token is real.
   */
  private readonly mask: BigInt64Array;
  /** The mask's elements as plain numbers (./int64-words.ts): the per-step writes allocate nothing. */
  private readonly maskWords: Int64Words;
  /** Slots filled so far (the same for every row: finished rows fill theirs with masked pads). */
  cursor = 0;
  /** Slots fed to the model now (grows up to maxCapacity). */
  private slots: number;
  private rowCount: number;
  private decoding = false;
  private feeds: Record<string, ort.Tensor> | null = null;

  constructor(
    private readonly shape: KvShape,
    rows: number,
    /** The most slots this batch can need (prompt width + tokens fed back). */
    readonly maxCapacity: number,
  ) {
    this.rowCount = rows;
    this.slots = Math.min(maxCapacity, GROWTH_SLOTS);
    const size = rows * shape.nHead * maxCapacity * shape.headDim;
    const maskSize = rows * (maxCapacity + 1);
    // Reused buffers keep stale keys/values in slots beyond the cursor: harmless, as those slots
    // are masked (weight exactly 0 against finite values), so results are bit-identical to zeros.
    const reuse = spare && spare.buffers.length === 2 * shape.nLayer && spare.buffers[0]!.length >= size && spare.mask.length >= maskSize ? spare : null;
    if (reuse) spare = null;
    this.buffers = reuse?.buffers ?? Array.from({ length: 2 * shape.nLayer }, () => new Float32Array(size));
    this.mask = reuse?.mask ?? new BigInt64Array(maskSize);
    this.mask.fill(0n, 0, maskSize); // a reused mask holds the last batch's columns
    this.maskWords = new Int64Words(this.mask);
  }

  get rows(): number {
    return this.rowCount;
  }

  /** Slots fed to the model by the next step (`past_seq`). */
  get capacity(): number {
    return this.slots;
  }

  /** Hand the buffers to the next cache (keeping the larger set); this cache is unusable after. */
  release(): void {
    if (!spare || spare.buffers[0]!.length < this.buffers[0]!.length) spare = { buffers: this.buffers, mask: this.mask };
    this.feeds = null;
  }

  /** Whether the token fed to row `row` in the next step is real (1) or a masked pad (0). */
  setTokenMask(row: number, real: boolean): void {
    this.maskWords.set(row * (this.slots + 1) + this.slots, real ? 1 : 0);
  }

  /**
   * Make room for `needed` slots: grow the capacity to the next multiple of GROWTH_SLOTS (at most
   * maxCapacity). Lines move to their new stride back to front, so no line overwrites one not
   * yet moved; only the filled slots (below the cursor) are copied, new slots are masked.
   */
  reserve(needed: number): void {
    if (needed <= this.slots) return;
    if (needed > this.maxCapacity) throw new Error(`KV cache overflow: ${needed} slots > capacity ${this.maxCapacity}.`);
    const next = Math.min(this.maxCapacity, Math.ceil(needed / GROWTH_SLOTS) * GROWTH_SLOTS);
    const { nHead, headDim } = this.shape;
    const from = this.slots;
    const filled = this.cursor * headDim;
    if (filled > 0) {
      for (const buf of this.buffers) {
        for (let line = this.rowCount * nHead - 1; line > 0; line--) buf.copyWithin(line * next * headDim, line * from * headDim, line * from * headDim + filled);
      }
    }
    for (let r = this.rowCount - 1; r >= 0; r--) {
      const token = this.mask[r * (from + 1) + from]!;
      if (r > 0) this.mask.copyWithin(r * (next + 1), r * (from + 1), r * (from + 1) + this.cursor);
      this.mask.fill(0n, r * (next + 1) + this.cursor, r * (next + 1) + next);
      this.mask[r * (next + 1) + next] = token;
    }
    this.slots = next;
    this.feeds = null;
  }

  /**
   * The `past.*` and attention_mask feeds of a one-token step: views of the buffers (the tensors
   * see later writes), rebuilt only when the row count or the capacity changes (a caller can
   * compare identities to know).
   */
  stepFeeds(): Record<string, ort.Tensor> {
    if (this.feeds) return this.feeds;
    const { nLayer, nHead, headDim } = this.shape;
    const n = this.rowCount * nHead * this.slots * headDim;
    const feeds: Record<string, ort.Tensor> = {
      attention_mask: new ort.Tensor('int64', this.mask.subarray(0, this.rowCount * (this.slots + 1)), [this.rowCount, this.slots + 1]),
    };
    for (let i = 0; i < nLayer; i++) {
      feeds[`past.${i}.key`] = new ort.Tensor('float32', this.buffers[2 * i]!.subarray(0, n), [this.rowCount, nHead, this.slots, headDim]);
      feeds[`past.${i}.value`] = new ort.Tensor('float32', this.buffers[2 * i + 1]!.subarray(0, n), [this.rowCount, nHead, this.slots, headDim]);
    }
    return (this.feeds = feeds);
  }

  /**
   * Store a prefill pass's `new.*` outputs ([group, n_head, seq, head_dim] each) for cache rows
   * `rows` (output row k is cache row rows[k]) in slots 0..seq-1; `tokenMask` is that pass's
   * attention_mask [group, seq]. Groups of different widths may fill the same cache: decoding
   * starts after the widest.
   */
  writePrefill(outputs: Record<string, ort.Tensor>, rows: readonly number[], seq: number, tokenMask: BigInt64Array): void {
    if (this.decoding) throw new Error('writePrefill after decoding started.');
    this.reserve(seq);
    this.copyNew(outputs, rows, seq, 0);
    const stride = this.slots + 1;
    rows.forEach((r, k) => this.mask.set(tokenMask.subarray(k * seq, (k + 1) * seq), r * stride));
    this.cursor = Math.max(this.cursor, seq);
  }

  /**
   * Store a one-token step's new keys and values (all rows) at the cursor; the slot is real when
   * the fed token was. The step must have been fed with room for it (reserve(cursor + 1) first).
   * Takes decode.onnx's packed `new` output or per-layer `new.*` outputs (model.onnx, or a
   * decode.onnx exported before the packing).
   */
  appendStep(outputs: Record<string, ort.Tensor>): void {
    this.decoding = true;
    const packed = outputs['new'];
    if (packed) this.copyPackedStep(packed);
    else this.copyNew(outputs, null, 1, this.cursor);
    const stride = this.slots + 1;
    const words = this.maskWords;
    for (let r = 0; r < this.rowCount; r++) words.set(r * stride + this.cursor, words.get(r * stride + this.slots));
    this.cursor += 1;
  }

  private copyNew(outputs: Record<string, ort.Tensor>, rows: readonly number[] | null, seq: number, slot: number): void {
    const { nLayer, nHead, headDim } = this.shape;
    if (slot + seq > this.slots) throw new Error(`KV cache overflow: ${slot} + ${seq} slots > capacity ${this.slots}.`);
    const count = rows ? rows.length : this.rowCount;
    const lineSize = this.slots * headDim; // one (row, head): capacity slots of head_dim floats
    const chunk = seq * headDim; // its new slots, contiguous in the output and in the cache
    for (let i = 0; i < 2 * nLayer; i++) {
      const name = `new.${i >> 1}.${i & 1 ? 'value' : 'key'}`;
      const out = outputs[name];
      if (!out) throw new Error(`The model returned no "${name}" output; re-export it with the bridge's export.onnx.`);
      const src = out.data as Float32Array;
      if (src.length !== count * nHead * chunk) throw new Error(`"${name}" has ${src.length} values, expected ${count * nHead * chunk}; re-export the model.`);
      const dst = this.buffers[i]!;
      for (let k = 0; k < count; k++) {
        const row = rows ? rows[k]! : k;
        for (let h = 0; h < nHead; h++) {
          copyChunk(dst, (row * nHead + h) * lineSize + slot * headDim, src, (k * nHead + h) * chunk, chunk);
        }
      }
    }
  }

  /** decode.onnx's `new` [rows, 2 * n_layer * n_head, 1, head_dim] into the cursor slot of every line. */
  private copyPackedStep(packed: ort.Tensor): void {
    const { nLayer, nHead, headDim } = this.shape;
    if (this.cursor >= this.slots) throw new Error(`KV cache overflow: slot ${this.cursor} >= capacity ${this.slots}.`);
    const src = packed.data as Float32Array;
    const perRow = 2 * nLayer * nHead * headDim;
    if (src.length !== this.rowCount * perRow) throw new Error(`"new" has ${src.length} values, expected ${this.rowCount * perRow}; re-export the model.`);
    const lineSize = this.slots * headDim;
    const at = this.cursor * headDim;
    for (let i = 0; i < 2 * nLayer; i++) {
      const dst = this.buffers[i]!;
      for (let r = 0; r < this.rowCount; r++) {
        for (let h = 0; h < nHead; h++) copyChunk(dst, (r * nHead + h) * lineSize + at, src, r * perRow + (i * nHead + h) * headDim, headDim);
      }
    }
  }

  /** Keep only rows `keep` (ascending), in that order: rows move down in place, nothing is reallocated. */
  keepRows(keep: readonly number[]): void {
    const { nHead, headDim } = this.shape;
    const lineSize = this.slots * headDim;
    const filled = this.cursor * headDim; // only the filled slots of a line matter (the rest are masked)
    const stride = this.slots + 1;
    keep.forEach((from, to) => {
      if (from < to) throw new Error('keepRows needs ascending row indices.');
      if (from === to) return;
      for (const buf of this.buffers) {
        for (let h = 0; h < nHead; h++) {
          const src = (from * nHead + h) * lineSize;
          buf.copyWithin((to * nHead + h) * lineSize, src, src + filled);
        }
      }
      this.mask.copyWithin(to * stride, from * stride, (from + 1) * stride);
    });
    this.rowCount = keep.length;
    this.feeds = null;
  }
}
