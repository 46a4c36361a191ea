// The decode loop's own KV cache (docs/CONTRACTS.md, "ONNX model"): per layer one key and one
// value buffer [batch, n_head, capacity, head_dim], allocated once per batch and handed to
// onnxruntime as `past.*` inputs (it wraps typed arrays without copying). The model returns only
// the new tokens' keys and values (`new.*`), which are written here at the cursor, so no step
// copies the whole cache. Slots past the cursor are zero and masked out by the slot mask.
import * as ort from 'onnxruntime-node';

export interface KvShape {
  nLayer: number;
  nHead: number;
  headDim: number;
}

/**
 * Buffers of the last finished cache, reused by the next one: a batch of 32 needs ~11 MB, and
 * allocating that per batch showed up as garbage collection (~10% of generation time). One
 * spare set suffices: the inference worker runs one generation at a time.
 */
let spare: Float32Array[] | null = null;

export class KvCache {
  /** key and value buffer of each layer, in the order past.0.key, past.0.value, past.1.key, ... */
  private readonly buffers: Float32Array[];
  /**
   * The attention_mask of the next one-token step, [rows, capacity + 1]: columns 0..capacity-1
   * say which slots hold real (unpadded) tokens, the last one whether the fed token is real.
   */
  private readonly mask: BigInt64Array;
  /** Slots filled so far (the same for every row: finished rows fill theirs with masked pads). */
  cursor = 0;
  private rowCount: number;
  private decoding = false;
  private feeds: Record<string, ort.Tensor> | null = null;

  constructor(
    private readonly shape: KvShape,
    rows: number,
    readonly capacity: number,
  ) {
    this.rowCount = rows;
    const size = rows * shape.nHead * capacity * shape.headDim;
    // Reused buffers keep stale keys/values in slots beyond the cursor: harmless, as those slots
    // are masked (weight exactly 0 against finite values), so results are bit-identical to zeros.
    const reuse = spare && spare.length === 2 * shape.nLayer && spare[0]!.length >= size ? spare : null;
    if (reuse) spare = null;
    this.buffers = reuse ?? Array.from({ length: 2 * shape.nLayer }, () => new Float32Array(size));
    this.mask = new BigInt64Array(rows * (capacity + 1));
  }

  get rows(): number {
    return this.rowCount;
  }

  /** Hand the buffers to the next cache (keeping the larger set); this cache is unusable after. */
  release(): void {
    if (!spare || spare[0]!.length < this.buffers[0]!.length) spare = this.buffers;
    this.feeds = null;
  }

  /** Whether the token fed to row `row` in the next step is real (1) or a masked pad (0). */
  setTokenMask(row: number, real: boolean): void {
    this.mask[row * (this.capacity + 1) + this.capacity] = real ? 1n : 0n;
  }

  /**
   * The `past.*` and attention_mask feeds of a one-token step: views of the buffers (the tensors
   * see later writes), rebuilt only when the row count changes.
   */
  stepFeeds(): Record<string, ort.Tensor> {
    if (this.feeds) return this.feeds;
    const { nLayer, nHead, headDim } = this.shape;
    const n = this.rowCount * nHead * this.capacity * headDim;
    const feeds: Record<string, ort.Tensor> = {
      attention_mask: new ort.Tensor('int64', this.mask.subarray(0, this.rowCount * (this.capacity + 1)), [this.rowCount, this.capacity + 1]),
    };
    for (let i = 0; i < nLayer; i++) {
      feeds[`past.${i}.key`] = new ort.Tensor('float32', this.buffers[2 * i]!.subarray(0, n), [this.rowCount, nHead, this.capacity, headDim]);
      feeds[`past.${i}.value`] = new ort.Tensor('float32', this.buffers[2 * i + 1]!.subarray(0, n), [this.rowCount, nHead, this.capacity, headDim]);
    }
    return (this.feeds = feeds);
  }

  /**
   * Store a prefill pass's `new.*` outputs ([group, n_head, seq, head_dim] each) for cache rows `rows` (output row k is cache row rows[k]) in slots
   * 0..seq-1; `tokenMask` is that pass's attention_mask [group, seq]. Groups of different widths
   * may fill the same cache: decoding starts after the widest.
   */
  writePrefill(outputs: Record<string, ort.Tensor>, rows: readonly number[], seq: number, tokenMask: BigInt64Array): void {
    if (this.decoding) throw new Error('writePrefill after decoding started.');
    this.copyNew(outputs, rows, seq, 0);
    const stride = this.capacity + 1;
    rows.forEach((r, k) => this.mask.set(tokenMask.subarray(k * seq, (k + 1) * seq), r * stride));
    this.cursor = Math.max(this.cursor, seq);
  }

  /** Store a one-token step's `new.*` outputs (all rows) at the cursor; the slot is real when the fed token was. */
  appendStep(outputs: Record<string, ort.Tensor>): void {
    this.decoding = true;
    this.copyNew(outputs, null, 1, this.cursor);
    const stride = this.capacity + 1;
    for (let r = 0; r < this.rowCount; r++) this.mask[r * stride + this.cursor] = this.mask[r * stride + this.capacity]!;
    this.cursor += 1;
  }

  private copyNew(outputs: Record<string, ort.Tensor>, rows: readonly number[] | null, seq: number, slot: number): void {
    const { nLayer, nHead, headDim } = this.shape;
    if (slot + seq > this.capacity) throw new Error(`KV cache overflow: ${slot} + ${seq} slots > capacity ${this.capacity}.`);
    const count = rows ? rows.length : this.rowCount;
    const lineSize = this.capacity * headDim; // one (row, head): capacity slots of head_dim floats
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
          const from = (k * nHead + h) * chunk;
          const to = (row * nHead + h) * lineSize + slot * headDim;
          // A decode step copies head_dim floats per head: a plain loop beats a subarray + set
          // there; a prefill's long chunks go to the native copy.
          if (chunk >= 256) dst.set(src.subarray(from, from + chunk), to);
          else for (let x = 0; x < chunk; x++) dst[to + x] = src[from + x]!;
        }
      }
    }
  }

  /** Keep only rows `keep` (ascending), in that order: rows move down in place, nothing is reallocated. */
  keepRows(keep: readonly number[]): void {
    const { nHead, headDim } = this.shape;
    const rowSize = nHead * this.capacity * headDim;
    keep.forEach((from, to) => {
      if (from < to) throw new Error('keepRows needs ascending row indices.');
      if (from === to) return;
      for (const buf of this.buffers) buf.copyWithin(to * rowSize, from * rowSize, (from + 1) * rowSize);
      this.mask.copyWithin(to * (this.capacity + 1), from * (this.capacity + 1), (from + 1) * (this.capacity + 1));
    });
    this.rowCount = keep.length;
    this.feeds = null;
  }
}
