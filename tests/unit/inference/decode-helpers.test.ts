import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { commonLeadingPadding, fitPrompt, gatherRows, leftPad } from '../../../electron/core/inference/decode-loop.js';

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

describe('batch compaction', () => {
  // past tensor [batch=3, heads=2, past=4, head_dim=2] whose values encode their own coordinates.
  const dims = [3, 2, 4, 2];
  const data = Float32Array.from({ length: 3 * 2 * 4 * 2 }, (_, i) => i);
  const at = (b: number, h: number, p: number, d: number) => ((b * 2 + h) * 4 + p) * 2 + d;

  it('keeps the chosen rows in order', () => {
    const out = gatherRows(new ort.Tensor('float32', data, dims), [2, 0], 0);
    expect(out.dims).toEqual([2, 2, 4, 2]);
    const values = out.data as Float32Array;
    expect(values[0]).toBe(at(2, 0, 0, 0));
    expect(values[16]).toBe(at(0, 0, 0, 0));
    expect(values[31]).toBe(at(0, 1, 3, 1));
  });

  it('drops leading past positions of every head', () => {
    const out = gatherRows(new ort.Tensor('float32', data, dims), [1], 3);
    expect(out.dims).toEqual([1, 2, 1, 2]);
    expect(Array.from(out.data as Float32Array)).toEqual([at(1, 0, 3, 0), at(1, 0, 3, 1), at(1, 1, 3, 0), at(1, 1, 3, 1)]);
  });

  it('finds the padding columns common to all kept rows', () => {
    expect(commonLeadingPadding([[0, 0, 1, 1], [0, 1, 1, 1]])).toBe(1);
    expect(commonLeadingPadding([[1, 1], [0, 1]])).toBe(0);
    expect(commonLeadingPadding([[0, 0, 0, 1]])).toBe(3);
  });
});
