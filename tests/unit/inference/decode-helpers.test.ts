import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { fitPrompt, leftPad } from '../../../electron/core/inference/decode-loop.js';
import { GROWTH_SLOTS, KvCache } from '../../../electron/core/inference/kv-cache.js';
import { prefillGroups } from '../../../electron/core/inference/prefill-groups.js';

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

describe('prefill groups (prefill-groups.ts)', () => {
  it('keeps similar lengths together and splits when padding costs more than a pass', () => {
    expect(prefillGroups([5, 5, 5], 8)).toEqual([[0, 1, 2]]);
    expect(prefillGroups([40, 10, 10, 41], 8)).toEqual([[1, 2], [0, 3]]);
    // A pass is too expensive to save three tokens of padding.
    expect(prefillGroups([10, 11, 12], 8)).toEqual([[0, 1, 2]]);
    expect(prefillGroups([7], 8)).toEqual([[0]]);
    expect(prefillGroups([], 8)).toEqual([]);
  });

  it('covers every row exactly once', () => {
    const lengths = Array.from({ length: 32 }, (_, i) => 10 + ((i * 37) % 29));
    expect(prefillGroups(lengths, 8).flat().sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
  });
});

describe('KV cache buffers (kv-cache.ts)', () => {
  // One layer, 2 heads, head_dim 2, capacity 4; values encode their coordinates.
  const shape = { nLayer: 1, nHead: 2, headDim: 2 };
  const newKv = (rows: number, seq: number, base: number) => {
    const t = (k: number) => new ort.Tensor('float32', Float32Array.from({ length: rows * 2 * seq * 2 }, (_, i) => base + k + i), [rows, 2, seq, 2]);
    return { 'new.0.key': t(0), 'new.0.value': t(1000) };
  };
  const past = (cache: KvCache, kind = 'key') => Array.from(cache.stepFeeds()[`past.0.${kind}`]!.data as Float32Array);

  it('writes the prefill and each step at the cursor of every head, and tracks the slot mask', () => {
    const cache = new KvCache(shape, 2, 4);
    cache.writePrefill(newKv(2, 2, 0), [0, 1], 2, BigInt64Array.from([0n, 1n, 1n, 1n]));
    // One line of 4 slots x 2 dims per (row, head); the prefill fills slots 0-1.
    expect(past(cache).slice(0, 8)).toEqual([0, 1, 2, 3, 0, 0, 0, 0]);
    expect(past(cache).slice(8, 16)).toEqual([4, 5, 6, 7, 0, 0, 0, 0]);
    expect(past(cache, 'value').slice(0, 8)).toEqual([1000, 1001, 1002, 1003, 0, 0, 0, 0]);
    cache.setTokenMask(0, true);
    cache.setTokenMask(1, false);
    expect(Array.from(cache.stepFeeds()['attention_mask']!.data as BigInt64Array, Number)).toEqual([0, 1, 0, 0, 1, 1, 1, 0, 0, 0]);
    cache.appendStep(newKv(2, 1, 100));
    expect(past(cache).slice(0, 8)).toEqual([0, 1, 2, 3, 100, 101, 0, 0]);
    expect(past(cache, 'value').slice(24, 32)).toEqual([1012, 1013, 1014, 1015, 1106, 1107, 0, 0]);
    // The step's token mask became slot 2's mask.
    expect(Array.from(cache.stepFeeds()['attention_mask']!.data as BigInt64Array, Number)).toEqual([0, 1, 1, 0, 1, 1, 1, 0, 0, 0]);
    expect(cache.cursor).toBe(3);
  });

  it('drops rows in place and shrinks the feeds', () => {
    const cache = new KvCache(shape, 3, 4);
    cache.writePrefill(newKv(3, 1, 0), [0, 1, 2], 1, BigInt64Array.from([1n, 0n, 1n]));
    cache.keepRows([0, 2]);
    const feeds = cache.stepFeeds();
    expect(feeds['past.0.key']!.dims).toEqual([2, 2, 4, 2]);
    expect(feeds['attention_mask']!.dims).toEqual([2, 5]);
    expect(past(cache).slice(16, 24)).toEqual([8, 9, 0, 0, 0, 0, 0, 0]);
    expect(past(cache, 'value').slice(16, 24)).toEqual([1008, 1009, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(feeds['attention_mask']!.data as BigInt64Array, Number)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });

  it('takes prefill groups of different widths for any rows, from slot 0; decoding starts after the widest', () => {
    const cache = new KvCache(shape, 3, 4);
    cache.writePrefill(newKv(1, 1, 50), [1], 1, BigInt64Array.from([1n]));
    cache.writePrefill(newKv(2, 2, 0), [2, 0], 2, BigInt64Array.from([1n, 1n, 0n, 1n]));
    expect(cache.cursor).toBe(2);
    // Cache row 1 got the one-token group; rows 2 and 0 the two-token group's rows 0 and 1.
    expect(past(cache).slice(16, 20)).toEqual([50, 51, 0, 0]);
    expect(past(cache).slice(32, 36)).toEqual([0, 1, 2, 3]);
    expect(past(cache).slice(0, 4)).toEqual([8, 9, 10, 11]);
    expect(Array.from(cache.stepFeeds()['attention_mask']!.data as BigInt64Array, Number)).toEqual([0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0]);
  });

  it('grows the slots it feeds in chunks as the cursor advances, keeping every row and head and the mask', () => {
    // maxCapacity 40: the first chunk is GROWTH_SLOTS slots, the next 2 x GROWTH_SLOTS, then the maximum.
    const cache = new KvCache(shape, 2, 40);
    expect(cache.capacity).toBe(GROWTH_SLOTS);
    cache.writePrefill(newKv(2, 2, 0), [0, 1], 2, BigInt64Array.from([0n, 1n, 1n, 1n]));
    const step = (s: number) => {
      cache.reserve(cache.cursor + 1);
      cache.setTokenMask(0, s % 2 === 0);
      cache.setTokenMask(1, true);
      cache.appendStep(newKv(2, 1, 100 * (s + 1)));
    };
    for (let s = 0; s < GROWTH_SLOTS - 2; s++) step(s);
    expect(cache.capacity).toBe(GROWTH_SLOTS);
    const before = { key: past(cache), value: past(cache, 'value'), mask: Array.from(cache.stepFeeds()['attention_mask']!.data as BigInt64Array, Number) };
    step(GROWTH_SLOTS - 2); // needs slot GROWTH_SLOTS: the cache grows
    expect(cache.capacity).toBe(2 * GROWTH_SLOTS);
    const feeds = cache.stepFeeds();
    expect(feeds['past.0.key']!.dims).toEqual([2, 2, 2 * GROWTH_SLOTS, 2]);
    expect(feeds['attention_mask']!.dims).toEqual([2, 2 * GROWTH_SLOTS + 1]);
    // Every (row, head) line keeps its filled slots at the new stride; the new slot follows them.
    const cap = GROWTH_SLOTS;
    const after = { key: past(cache), value: past(cache, 'value'), mask: Array.from(feeds['attention_mask']!.data as BigInt64Array, Number) };
    for (let line = 0; line < 4; line++) {
      expect(after.key.slice(line * 2 * cap * 2, line * 2 * cap * 2 + cap * 2)).toEqual(before.key.slice(line * cap * 2, (line + 1) * cap * 2));
      expect(after.value.slice(line * 2 * cap * 2, line * 2 * cap * 2 + cap * 2)).toEqual(before.value.slice(line * cap * 2, (line + 1) * cap * 2));
    }
    expect(after.key.slice(3 * 2 * cap * 2 + cap * 2, 3 * 2 * cap * 2 + cap * 2 + 2)).toEqual([100 * (GROWTH_SLOTS - 1) + 6, 100 * (GROWTH_SLOTS - 1) + 7]);
    for (let row = 0; row < 2; row++) {
      const oldRow = before.mask.slice(row * (cap + 1), row * (cap + 1) + cap);
      const newRow = after.mask.slice(row * (2 * cap + 1), (row + 1) * (2 * cap + 1));
      expect(newRow.slice(0, cap)).toEqual(oldRow);
      expect(newRow[cap]).toBe(1); // the slot written after growing
      expect(newRow.slice(cap + 1, 2 * cap).every((m) => m === 0)).toBe(true);
    }
    // Row 0's pads (odd steps) stay masked through the move.
    expect(after.mask.slice(2, 6)).toEqual([1, 0, 1, 0]);
    // The last chunk stops at the maximum, and past it the cache refuses.
    while (cache.cursor < 40) step(cache.cursor);
    expect(cache.capacity).toBe(40);
    expect(() => cache.reserve(41)).toThrow(/overflow/);
  });

  it("takes decode.onnx's packed keys and values like the per-layer outputs", () => {
    // Two layers, so the packing order (layer 0 key, layer 0 value, layer 1 key, ...) matters.
    const two = { nLayer: 2, nHead: 2, headDim: 2 };
    const perLayer: Record<string, ort.Tensor> = {};
    const packed = new Float32Array(3 * 4 * 2 * 2); // [rows 3, 2 * n_layer * n_head 8, 1, head_dim 2]
    for (let i = 0; i < 4; i++) {
      const values = Float32Array.from({ length: 3 * 2 * 2 }, (_, k) => 100 * i + k); // [3, 2, 1, 2]
      perLayer[`new.${i >> 1}.${i & 1 ? 'value' : 'key'}`] = new ort.Tensor('float32', values, [3, 2, 1, 2]);
      for (let r = 0; r < 3; r++) packed.set(values.subarray(r * 4, r * 4 + 4), (r * 4 + i) * 4);
    }
    const fill = (cache: KvCache, step: Record<string, ort.Tensor>) => {
      cache.writePrefill({ ...Object.fromEntries(Object.keys(perLayer).map((n) => [n, new ort.Tensor('float32', new Float32Array(3 * 2 * 2), [3, 2, 1, 2])])) }, [0, 1, 2], 1, BigInt64Array.from([1n, 1n, 1n]));
      cache.reserve(2);
      cache.appendStep(step);
      return Object.keys(perLayer).map((n) => Array.from(cache.stepFeeds()[n.replace('new', 'past')]!.data as Float32Array));
    };
    const fromPacked = fill(new KvCache(two, 3, 4), { logits: new ort.Tensor('float32', new Float32Array(3), [3, 1, 1]), new: new ort.Tensor('float32', packed, [3, 8, 1, 2]) });
    const fromLayers = fill(new KvCache(two, 3, 4), perLayer);
    expect(fromPacked).toEqual(fromLayers);
    // Layer 1's value (the 4th tensor), row 2, head 1 sits in slot 1 of its line.
    expect(fromPacked[3]!.slice((2 * 2 + 1) * 4 * 2 + 2, (2 * 2 + 1) * 4 * 2 + 4)).toEqual([310, 311]);
    expect(() => new KvCache(two, 3, 4).appendStep({ new: new ort.Tensor('float32', new Float32Array(5), [5]) })).toThrow(/"new" has 5 values/);
  });

  it('copies every float of a step for head_dim values both on and off the four-wide unrolling', () => {
    for (const headDim of [4, 6, 7]) {
      const dims = { nLayer: 1, nHead: 2, headDim };
      const cache = new KvCache(dims, 2, 3);
      const zeros = () => new ort.Tensor('float32', new Float32Array(2 * 2 * headDim), [2, 2, 1, headDim]);
      cache.writePrefill({ 'new.0.key': zeros(), 'new.0.value': zeros() }, [0, 1], 1, BigInt64Array.from([1n, 1n]));
      cache.reserve(2);
      const packed = Float32Array.from({ length: 2 * 4 * headDim }, (_, i) => i + 1); // [rows 2, 2 * n_head 4, 1, head_dim]
      cache.appendStep({ new: new ort.Tensor('float32', packed, [2, 4, 1, headDim]) });
      const feeds = cache.stepFeeds();
      for (const [kind, offset] of [['key', 0], ['value', 2]] as const) {
        const past = feeds[`past.0.${kind}`]!.data as Float32Array; // [2, 2, capacity 3, head_dim]
        for (let r = 0; r < 2; r++) {
          for (let h = 0; h < 2; h++) {
            const slot1 = Array.from(past.subarray(((r * 2 + h) * 3 + 1) * headDim, ((r * 2 + h) * 3 + 2) * headDim));
            const expected = Array.from(packed.subarray((r * 4 + offset + h) * headDim, (r * 4 + offset + h + 1) * headDim));
            expect(slot1, `head_dim ${headDim}, ${kind}, row ${r}, head ${h}`).toEqual(expected);
          }
        }
      }
    }
  });

  it('refuses to overflow its capacity', () => {
    const cache = new KvCache(shape, 1, 1);
    cache.writePrefill(newKv(1, 1, 0), [0], 1, BigInt64Array.from([1n]));
    expect(() => cache.appendStep(newKv(1, 1, 0))).toThrow(/overflow/);
  });
});
