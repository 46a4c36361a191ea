import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { fitPrompt, leftPad } from '../../../electron/core/inference/decode-loop.js';
import { KvCache } from '../../../electron/core/inference/kv-cache.js';

describe('left padding (CONTRACTS.md: attention_mask and position_ids)', () => {
  it('pads on the left, masks the pads and counts positions over real tokens only', () => {
    const { ids, mask, positions, width } = leftPad([[7, 8, 9], [5]]);
    expect(width).toBe(3);
    expect(Array.from(ids, Number)).toEqual([7, 8, 9, 0, 0, 5]);
    expect(Array.from(mask, Number)).toEqual([1, 1, 1, 0, 0, 1]);
    expect(Array.from(positions, Number)).toEqual([0, 1, 2, 0, 0, 0]);
  });

  it('fits a long prompt like model.generate: keeps the last block_size - maxNewTokens tokens', () => {
    expect(fitPrompt([1, 2, 3, 4, 5], 2, 10)).toEqual([1, 2, 3, 4, 5]);
    expect(fitPrompt([1, 2, 3, 4, 5], 7, 10)).toEqual([3, 4, 5]);
    expect(() => fitPrompt([1, 2], 10, 10)).toThrow(/leaves no room/);
  });
});

describe('KV cache buffers (kv-cache.ts)', () => {
  // One layer, 2 heads, head_dim 2, capacity 4; values encode their coordinates.
  const shape = { nLayer: 1, nHead: 2, headDim: 2 };
  // Keys come transposed ([rows, heads, head_dim, seq]), values as [rows, heads, seq, head_dim].
  const newKv = (rows: number, seq: number, base: number) => {
    const data = (k: number) => Float32Array.from({ length: rows * 2 * seq * 2 }, (_, i) => base + k + i);
    return { 'new.0.key': new ort.Tensor('float32', data(0), [rows, 2, 2, seq]), 'new.0.value': new ort.Tensor('float32', data(1000), [rows, 2, seq, 2]) };
  };
  const past = (cache: KvCache, kind = 'key') => Array.from(cache.stepFeeds()[`past.0.${kind}`]!.data as Float32Array);

  it('writes the prefill and each step at the cursor of every head, and tracks the slot mask', () => {
    const cache = new KvCache(shape, 2, 4);
    cache.appendPrefill(newKv(2, 2, 0), 2, BigInt64Array.from([0n, 1n, 1n, 1n]));
    // Keys: one line of 4 slots per (row, head, dim), prefill in slots 0-1. Values: one line of
    // 4 slots x 2 dims per (row, head).
    expect(past(cache).slice(0, 8)).toEqual([0, 1, 0, 0, 2, 3, 0, 0]);
    expect(past(cache).slice(8, 16)).toEqual([4, 5, 0, 0, 6, 7, 0, 0]);
    expect(past(cache, 'value').slice(0, 8)).toEqual([1000, 1001, 1002, 1003, 0, 0, 0, 0]);
    cache.setTokenMask(0, true);
    cache.setTokenMask(1, false);
    expect(Array.from(cache.stepFeeds()['attention_mask']!.data as BigInt64Array, Number)).toEqual([0, 1, 0, 0, 1, 1, 1, 0, 0, 0]);
    cache.appendStep(newKv(2, 1, 100));
    expect(past(cache).slice(0, 8)).toEqual([0, 1, 100, 0, 2, 3, 101, 0]);
    expect(past(cache, 'value').slice(24, 32)).toEqual([1012, 1013, 1014, 1015, 1106, 1107, 0, 0]);
    // The step's token mask became slot 2's mask.
    expect(Array.from(cache.stepFeeds()['attention_mask']!.data as BigInt64Array, Number)).toEqual([0, 1, 1, 0, 1, 1, 1, 0, 0, 0]);
    expect(cache.cursor).toBe(3);
  });

  it('drops rows in place and shrinks the feeds', () => {
    const cache = new KvCache(shape, 3, 4);
    cache.appendPrefill(newKv(3, 1, 0), 1, BigInt64Array.from([1n, 0n, 1n]));
    cache.keepRows([0, 2]);
    const feeds = cache.stepFeeds();
    expect(feeds['past.0.key']!.dims).toEqual([2, 2, 2, 4]);
    expect(feeds['past.0.value']!.dims).toEqual([2, 2, 4, 2]);
    expect(feeds['attention_mask']!.dims).toEqual([2, 5]);
    expect(past(cache).slice(16, 24)).toEqual([8, 0, 0, 0, 9, 0, 0, 0]);
    expect(past(cache, 'value').slice(16, 24)).toEqual([1008, 1009, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(feeds['attention_mask']!.data as BigInt64Array, Number)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });

  it('refuses to overflow its capacity', () => {
    const cache = new KvCache(shape, 1, 1);
    cache.appendPrefill(newKv(1, 1, 0), 1, BigInt64Array.from([1n]));
    expect(() => cache.appendStep(newKv(1, 1, 0))).toThrow(/overflow/);
  });
});
