import { describe, expect, it } from 'vitest';
import { Int64Words } from '../../../electron/core/inference/int64-words.js';

describe('Int64Words (int64 tensor buffers written without BigInts)', () => {
  it('stores numbers that read back as the same int64 values, next to elements written as BigInts', () => {
    const array = new BigInt64Array(5).fill(7n);
    const words = new Int64Words(array);
    words.set(0, 0);
    words.set(2, 102);
    words.set(4, 2 ** 31 - 1);
    expect(Array.from(array)).toEqual([0n, 7n, 102n, 7n, 2147483647n]);
    expect([words.get(1), words.get(2), words.get(4)]).toEqual([7, 102, 2 ** 31 - 1]);
  });

  it('addresses a view that starts inside a larger buffer', () => {
    const whole = new BigInt64Array(6);
    const words = new Int64Words(whole.subarray(2, 4));
    words.set(1, 42);
    expect(Array.from(whole)).toEqual([0n, 0n, 0n, 42n, 0n, 0n]);
  });
});
