// Writing small integers into the BigInt64Array buffers that onnxruntime reads as int64 tensors,
// without BigInts. Every `arr[i] = BigInt(v)` (and every read of an element) allocates a heap
// BigInt: in a batch-32 decode step the token ids, positions and attention-mask bits cost about
// 14 us of a ~580 us step that way. An Int32Array over the same memory writes the low 32-bit word
// directly; the high word stays 0 because only values in [0, 2^31) are ever stored.
import { endianness } from 'node:os';

/** Index of an int64's low 32-bit word within its two Int32 words (0 on little-endian machines). */
const LOW_WORD = endianness() === 'LE' ? 0 : 1;

export class Int64Words {
  private readonly words: Int32Array;

  constructor(readonly array: BigInt64Array) {
    this.words = new Int32Array(array.buffer, array.byteOffset, array.length * 2);
  }

  /** array[i] = v, for an integer v in [0, 2^31). */
  set(i: number, v: number): void {
    this.words[2 * i + LOW_WORD] = v;
  }

  /** array[i], for an element written as an integer in [0, 2^31). */
  get(i: number): number {
    return this.words[2 * i + LOW_WORD]!;
  }
}
