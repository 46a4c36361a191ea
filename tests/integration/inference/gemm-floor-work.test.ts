// The bench's GEMM floor (tests/bench/gemm-floor.ts) replays each prompt's forward work at batch 1:
// one prefill, then one step per token that the decode loop fed back. Its count must be the real
// loop's, whichever way a row finished, or the floor would time more or less work than ONNX did.
import { afterAll, describe, expect, it } from 'vitest';
import { InferenceClient } from '../../../electron/core/inference/inference-client.js';
import { workOf } from '../../bench/gemm-floor.js';

const fixtureDir = new URL('../../../tests/fixtures/onnx/', import.meta.url).pathname;
const prompts = Array.from({ length: 12 }, (_, i) => [{ role: 'user' as const, content: i % 3 === 0 ? `What is ${i}+${i * 7}?` : `${'Tell me a story '.repeat(1 + (i % 4))}about ${i}.` }]);

describe('GEMM floor work model', () => {
  const client = new InferenceClient({ workers: 1 });
  afterAll(() => client.close());

  it('counts the forward calls of a batch-1 generation, for rows that ended, hit the limit or a stop sequence', async () => {
    const finishes = new Set<string>();
    for (const params of [
      { maxNewTokens: 6, stopSequences: [] },
      { maxNewTokens: 40, stopSequences: [] },
      { maxNewTokens: 40, stopSequences: ['e'] },
    ]) {
      const r = await client.generate({ modelDir: fixtureDir, prompts, batchSize: 1, ...params });
      const work = r.outputs.map(workOf);
      for (const g of r.outputs) finishes.add(g.finishReason);
      expect(work.reduce((s, w) => s + 1 + w.steps, 0)).toBe(r.stats.forwardCalls);
      expect(work.reduce((s, w) => s + w.promptTokens, 0)).toBe(r.stats.promptTokens);
    }
    expect([...finishes].sort()).toEqual(['end', 'length', 'stop']);
  });
});
