// The inference worker as a process-like component: failing requests, a crashed worker, cancel,
// and session release, with the real worker thread and onnxruntime.
import { afterAll, describe, expect, it } from 'vitest';
import { InferenceCancelled, InferenceClient, InferenceWorkerCrashedError } from '../../../electron/core/inference/inference-client.js';

const fixtureDir = new URL('../../../tests/fixtures/onnx/', import.meta.url).pathname;
const prompt = [{ role: 'user' as const, content: 'What is 1+1?' }];

describe('inference worker lifecycle', () => {
  const client = new InferenceClient();
  afterAll(() => client.close());

  it('a failing request gets a clear error and the same worker serves the next one', async () => {
    await client.generate({ modelDir: fixtureDir, prompts: [prompt], maxNewTokens: 2 });
    const starts = client.workerStarts;
    await expect(client.generate({ modelDir: fixtureDir, prompts: [{ ids: [1, 3, 5000] }], maxNewTokens: 2 })).rejects.toThrow(
      /token id 5000, outside the model's vocabulary of 103/,
    );
    const ok = await client.generate({ modelDir: fixtureDir, prompts: [prompt], maxNewTokens: 2 });
    expect(ok.outputs).toHaveLength(1);
    expect(client.workerStarts).toBe(starts);
  });

  it('a crashed worker fails its in-flight requests clearly and is replaced on the next request', async () => {
    await client.generate({ modelDir: fixtureDir, prompts: [prompt], maxNewTokens: 2 });
    const starts = client.workerStarts;
    // A long generation queued behind the crash: both must fail, naming the crash.
    const crash = client.crashForTesting();
    const inFlight = client.generate({ modelDir: fixtureDir, prompts: Array.from({ length: 40 }, () => prompt), maxNewTokens: 40 });
    await expect(crash).rejects.toBeInstanceOf(InferenceWorkerCrashedError);
    const err = await inFlight.catch((e: Error) => e);
    expect(err).toBeInstanceOf(InferenceWorkerCrashedError);
    expect((err as Error).message).toMatch(/crashed on purpose.*while running generate on .*fixtures\/onnx.*re-run/s);
    const after = await client.generate({ modelDir: fixtureDir, prompts: [prompt], maxNewTokens: 3 });
    expect(after.outputs[0]!.ids.length).toBeGreaterThan(0);
    expect(client.workerStarts).toBe(starts + 1);
  });

  it('cancels a running generation by AbortSignal and by request id', async () => {
    const many = Array.from({ length: 64 }, (_, i) => [{ role: 'user' as const, content: `Count to ${i}.` }]);
    const controller = new AbortController();
    const aborted = client.generate({ modelDir: fixtureDir, prompts: many, maxNewTokens: 50, batchSize: 8 }, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(aborted).rejects.toBeInstanceOf(InferenceCancelled);

    let id = '';
    const byId = client.generate({ modelDir: fixtureDir, prompts: many, maxNewTokens: 50, batchSize: 8 }, {
      onStarted: (requestId) => (id = requestId),
      onProgress: () => client.cancel(id),
    });
    await expect(byId).rejects.toThrow(/cancelled/);
    // Still serving afterwards.
    expect((await client.generate({ modelDir: fixtureDir, prompts: [prompt], maxNewTokens: 2 })).outputs).toHaveLength(1);
  });

  it('cancelling a queued request leaves the running one alone', async () => {
    const many = Array.from({ length: 16 }, (_, i) => [{ role: 'user' as const, content: `Count to ${i}.` }]);
    const controller = new AbortController();
    const running = client.generate({ modelDir: fixtureDir, prompts: many, maxNewTokens: 20 });
    const queued = client.generate({ modelDir: fixtureDir, prompts: many, maxNewTokens: 20 }, { signal: controller.signal });
    controller.abort();
    await expect(queued).rejects.toThrow(/cancelled/);
    const done = await running;
    expect(done.outputs).toHaveLength(16);
  });

  it('releases sessions explicitly', async () => {
    await client.generate({ modelDir: fixtureDir, prompts: [prompt], maxNewTokens: 1 });
    expect(await client.release(fixtureDir)).toBe(1);
    expect(await client.release(fixtureDir)).toBe(0);
    // And reloads on demand.
    expect((await client.generate({ modelDir: fixtureDir, prompts: [prompt], maxNewTokens: 1 })).outputs).toHaveLength(1);
  });

  it('rejects invalid requests before they reach the worker, naming the field', async () => {
    await expect(client.generate({ modelDir: fixtureDir, prompts: [prompt], maxNewTokens: 0 })).rejects.toThrow(/Invalid generate request.*maxNewTokens/s);
  });
});
