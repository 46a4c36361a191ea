// Data-parallel inference over two worker threads: the same tokens as one worker (greedy and
// seeded sampling), cancel of every chunk, aggregated progress, and a crash of one worker.
import { afterAll, describe, expect, it } from 'vitest';
import { InferenceCancelled, InferenceClient, InferenceWorkerCrashedError } from '../../../electron/core/inference/inference-client.js';
import { splitRanges, stripeIndices } from '../../../electron/core/inference/worker-pool.js';

const fixtureDir = new URL('../../../tests/fixtures/onnx/', import.meta.url).pathname;
/** ~20 prompts of unequal length. */
const prompts = Array.from({ length: 21 }, (_, i) => [{ role: 'user' as const, content: `${'Say something '.repeat(i % 5)}about ${i}+${i * 3}.` }]);

describe('inference worker pool', () => {
  const one = new InferenceClient({ workers: 1 });
  const two = new InferenceClient({ workers: 2 });
  afterAll(async () => {
    await one.close();
    await two.close();
  });

  it('deals prompts round-robin, and cuts score ranges on batch boundaries', () => {
    expect(stripeIndices(5, 2, 2)).toEqual([[0, 2, 4], [1, 3]]);
    expect(stripeIndices(15, 2, 8)).toEqual([Array.from({ length: 15 }, (_, i) => i)]);
    expect(splitRanges(21, 2, 8)).toEqual([[0, 11], [11, 21]]);
    expect(splitRanges(21, 1, 8)).toEqual([[0, 21]]);
    expect(splitRanges(100, 2, 32, 32)).toEqual([[0, 64], [64, 100]]);
    expect(splitRanges(40, 2, 32, 32)).toEqual([[0, 40]]);
  });

  it('two workers give exactly the tokens of one, greedy and seeded top-k / top-p', async () => {
    for (const sampling of [
      { temperature: 0, topK: 0, topP: 1, seed: 0 },
      { temperature: 1, topK: 20, topP: 1, seed: 7 },
      { temperature: 0.9, topK: 0, topP: 0.8, seed: 123 },
    ]) {
      const params = { modelDir: fixtureDir, prompts, maxNewTokens: 24, sampling, batchSize: 4 };
      const [a, b] = await Promise.all([one.generate(params), two.generate(params)]);
      expect(b.outputs).toEqual(a.outputs);
      expect(b.stats.generatedTokens).toBe(a.stats.generatedTokens);
    }
  });

  it('scores the same with one and two workers', async () => {
    const sequences = Array.from({ length: 40 }, (_, i) => Array.from({ length: 5 + (i % 7) }, (_, j) => 4 + ((i * 7 + j * 3) % 90)));
    const params = { modelDir: fixtureDir, sequences, scoreFrom: sequences.map((_, i) => 1 + (i % 3)), batchSize: 8 };
    expect((await two.score(params)).scores).toEqual((await one.score(params)).scores);
  });

  it('progress sums both workers and reaches n', async () => {
    const seen: Array<[number, number]> = [];
    await two.generate({ modelDir: fixtureDir, prompts, maxNewTokens: 8, batchSize: 4 }, { onProgress: (d, t) => seen.push([d, t]) });
    expect(seen.every(([, t]) => t === prompts.length)).toBe(true);
    expect(seen.at(-1)).toEqual([prompts.length, prompts.length]);
    expect(seen.map(([d]) => d)).toEqual([...seen.map(([d]) => d)].sort((x, y) => x - y));
  });

  it('cancel mid-request (signal or id) cancels both chunks; both workers serve the next request', async () => {
    const many = Array.from({ length: 64 }, (_, i) => [{ role: 'user' as const, content: `Count to ${i}.` }]);
    const controller = new AbortController();
    const aborted = two.generate({ modelDir: fixtureDir, prompts: many, maxNewTokens: 50, batchSize: 8 }, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(aborted).rejects.toBeInstanceOf(InferenceCancelled);
    let id = '';
    const byId = two.generate({ modelDir: fixtureDir, prompts: many, maxNewTokens: 50, batchSize: 8 }, { onStarted: (r) => (id = r), onProgress: () => two.cancel(id) });
    await expect(byId).rejects.toThrow(/cancelled/);
    const params = { modelDir: fixtureDir, prompts, maxNewTokens: 12, batchSize: 4 };
    const starts = two.workerStarts;
    expect((await two.generate(params)).outputs).toEqual((await one.generate(params)).outputs);
    expect(two.workerStarts).toBe(starts);
  });

  it('a crashed worker fails the request clearly, is replaced, and the other keeps its session', async () => {
    await two.generate({ modelDir: fixtureDir, prompts, maxNewTokens: 2 });
    const starts = two.workerStarts;
    const crash = two.crashForTesting();
    const inFlight = two.generate({ modelDir: fixtureDir, prompts, maxNewTokens: 30, batchSize: 4 });
    await expect(crash).rejects.toBeInstanceOf(InferenceWorkerCrashedError);
    await expect(inFlight).rejects.toThrow(/crashed on purpose.*while running generate/s);
    const params = { modelDir: fixtureDir, prompts, maxNewTokens: 12, batchSize: 4 };
    expect((await two.generate(params)).outputs).toEqual((await one.generate(params)).outputs);
    expect(two.workerStarts).toBe(starts + 1);
    // Release reaches every worker: the model was loaded on both.
    expect(await two.release(fixtureDir)).toBe(1);
    expect(await two.release()).toBe(0);
  });
});
