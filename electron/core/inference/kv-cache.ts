// The decode loop's own KV cache (docs/CONTRACTS.md, "ONNX model"): per layer one key buffer
// [batch, n_head, head_dim, capacity] (transposed: the score matmul then needs no transpose) and
// one value buffer [batch, n_head, capacity, head_dim], allocated once per batch and handed to
// onnxruntime as `past.*` inputs (it wraps typed arrays without copying). The model returns only
// the new tokens' keys and values (`new.*`), which are written here at the cursor, so no step
// copies the whole cache. Slots past the cursor are zero and masked out by the slot mask.
import * as ort from 'onnxruntime-node';

export interface KvShape {
  nLayer: number;
  nHead: number;
  headDim: number;
}

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
  private feeds: Record<string, ort.Tensor> | null = null;

  constructor(
    private readonly shape: KvShape,
    rows: number,
    readonly capacity: number,
  ) {
    this.rowCount = rows;
    const size = rows * shape.nHead * capacity * shape.headDim;
    this.buffers = Array.from({ length: 2 * shape.nLayer }, () => new Float32Array(size));
    this.mask = new BigInt64Array(rows * (capacity + 1));
  }

  get rows(): number {
    return this.rowCount;
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
      feeds[`past.${i}.key`] = new ort.Tensor('float32', this.buffers[2 * i]!.subarray(0, n), [this.rowCount, nHead, headDim, this.capacity]);
      feeds[`past.${i}.value`] = new ort.Tensor('float32', this.buffers[2 * i + 1]!.subarray(0, n), [this.rowCount, nHead, this.capacity, headDim]);
    }
    return (this.feeds = feeds);
  }

  /**
   * Store the prefill's `new.*` outputs (keys [rows, n_head, head_dim, seq], values [rows, n_head,
   * seq, head_dim]) at the cursor;
   * `tokenMask` is the prefill's attention_mask [rows, seq].
   */
  appendPrefill(outputs: Record<string, ort.Tensor>, seq: number, tokenMask: BigInt64Array): void {
    this.copyNew(outputs, seq);
    const stride = this.capacity + 1;
    for (let r = 0; r < this.rowCount; r++) this.mask.set(tokenMask.subarray(r * seq, (r + 1) * seq), r * stride + this.cursor);
    this.cursor += seq;
  }

  /** Store a one-token step's `new.*` outputs; the slot is real when the fed token was. */
  appendStep(outputs: Record<string, ort.Tensor>): void {
    this.copyNew(outputs, 1);
    const stride = this.capacity + 1;
    for (let r = 0; r < this.rowCount; r++) this.mask[r * stride + this.cursor] = this.mask[r * stride + this.capacity]!;
    this.cursor += 1;
  }

  private copyNew(outputs: Record<string, ort.Tensor>, seq: number): void {
    const { nLayer, nHead, headDim } = this.shape;
    if (this.cursor + seq > this.capacity) throw new Error(`KV cache overflow: ${this.cursor} + ${seq} slots > capacity ${this.capacity}.`);
    const heads = this.rowCount * nHead;
    for (let i = 0; i < nLayer; i++) {
      // Keys: one line of `capacity` slots per (row, head, dim); values: one line of capacity x
      // head_dim per (row, head). Either way the new slots of a line are one contiguous chunk.
      this.copyLines(outputs, `new.${i}.key`, this.buffers[2 * i]!, heads * headDim, seq, 1);
      this.copyLines(outputs, `new.${i}.value`, this.buffers[2 * i + 1]!, heads, seq * headDim, headDim);
    }
  }

  private copyLines(outputs: Record<string, ort.Tensor>, name: string, dst: Float32Array, lines: number, chunk: number, slotSize: number): void {
    const out = outputs[name];
    if (!out) throw new Error(`The model returned no "${name}" output; re-export it with the bridge's export.onnx.`);
    const src = out.data as Float32Array;
    if (src.length !== lines * chunk) throw new Error(`"${name}" has ${src.length} values, expected ${lines * chunk}; re-export the model.`);
    const lineSize = this.capacity * slotSize;
    const at = this.cursor * slotSize;
    // A plain loop: a subarray + set per line costs more than copying a few floats.
    for (let line = 0; line < lines; line++) {
      const from = line * chunk;
      const to = line * lineSize + at;
      for (let x = 0; x < chunk; x++) dst[to + x] = src[from + x]!;
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
