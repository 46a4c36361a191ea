// The ONNX fast path against the PyTorch reference (tests/fixtures/onnx/logits.json, written by
// the bridge's make_fixtures.py from the same weights), through the real worker and onnxruntime.
import { mkdtempSync, copyFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { leftPad } from '../../../electron/core/inference/decode-loop.js';
import { InferenceClient } from '../../../electron/core/inference/inference-client.js';
import { ModelJsonSchema } from '../../../electron/core/inference/model-files.js';

const fixtureDir = new URL('../../../tests/fixtures/onnx/', import.meta.url).pathname;
const Matrix = z.array(z.array(z.number()));
const Phase = z.object({ input_ids: Matrix, attention_mask: Matrix, position_ids: Matrix, logits: z.array(z.array(z.array(z.number()))) });
const Fixture = z.object({
  atol: z.number(),
  prefill: Phase,
  step: Phase.extend({ past_from: z.string() }),
  generations: z.array(z.object({ prompt_ids: z.array(z.number()), max_new_tokens: z.number(), ids: z.array(z.number()), text: z.string() })),
});
const fixture = Fixture.parse(JSON.parse(readFileSync(join(fixtureDir, 'logits.json'), 'utf8')));
const config = ModelJsonSchema.parse(JSON.parse(readFileSync(join(fixtureDir, 'model.json'), 'utf8')));

/** Real tokens of a left-padded row. */
function unpad(ids: number[], mask: number[]): number[] {
  return ids.filter((_, j) => mask[j] === 1);
}

function maxAbsDiff(actual: ArrayLike<number>, offset: number, expected: number[]): number {
  let worst = 0;
  expected.forEach((v, i) => (worst = Math.max(worst, Math.abs(actual[offset + i]! - v))));
  return worst;
}

const client = new InferenceClient();
afterAll(() => client.close());

describe('ONNX logits equal the PyTorch fixture', () => {
  it('prefill of left-padded prompts (through the worker)', async () => {
    const sequences = fixture.prefill.input_ids.map((row, b) => unpad(row, fixture.prefill.attention_mask[b]!));
    const { data, dims } = await client.logits({ modelDir: fixtureDir, inputIds: sequences });
    expect(dims).toEqual([3, 18, config.vocab_size]);
    let worst = 0;
    fixture.prefill.logits.forEach((rows, b) =>
      rows.forEach((expected, t) => {
        // Padded positions are garbage in both implementations; compare real tokens only.
        if (fixture.prefill.attention_mask[b]![t] === 1) worst = Math.max(worst, maxAbsDiff(data, (b * dims[1] + t) * dims[2], expected));
      }),
    );
    expect(worst).toBeLessThanOrEqual(fixture.atol);
  });

  it('one cached step fed with the new.* keys and values of the prefill as past.*', async () => {
    const session = await ort.InferenceSession.create(join(fixtureDir, 'model.onnx'));
    const sequences = fixture.prefill.input_ids.map((row, b) => unpad(row, fixture.prefill.attention_mask[b]!));
    const { ids, mask, positions, width } = leftPad(sequences);
    const past = (batch: number) =>
      Object.fromEntries(
        Array.from({ length: config.n_layer }, (_, i) => [
          [`past.${i}.key`, new ort.Tensor('float32', new Float32Array(0), [batch, config.n_head, 0, config.head_dim])],
          [`past.${i}.value`, new ort.Tensor('float32', new Float32Array(0), [batch, config.n_head, 0, config.head_dim])],
        ]).flat(),
      );
    // Our left padding must equal the fixture's (mask and positions), or the comparison is moot.
    expect(Array.from(mask, Number)).toEqual(fixture.prefill.attention_mask.flat());
    expect(Array.from(positions, Number)).toEqual(fixture.prefill.position_ids.flat());
    const prefill = await session.run({
      input_ids: new ort.Tensor('int64', ids, [3, width]),
      attention_mask: new ort.Tensor('int64', mask, [3, width]),
      position_ids: new ort.Tensor('int64', positions, [3, width]),
      ...past(3),
    });
    const step = fixture.step;
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from(step.input_ids.flat(), BigInt), [3, 1]),
      attention_mask: new ort.Tensor('int64', BigInt64Array.from(step.attention_mask.flat(), BigInt), [3, width + 1]),
      position_ids: new ort.Tensor('int64', BigInt64Array.from(step.position_ids.flat(), BigInt), [3, 1]),
    };
    for (let i = 0; i < config.n_layer; i++) {
      feeds[`past.${i}.key`] = prefill[`new.${i}.key`]!;
      feeds[`past.${i}.value`] = prefill[`new.${i}.value`]!;
    }
    // model.onnx and decode.onnx (the one-token graph) must both match, and agree on the new keys
    // and values: decode.onnx packs them into one output [batch, 2 * n_layer * n_head, 1, head_dim].
    const decode = await ort.InferenceSession.create(join(fixtureDir, 'decode.onnx'));
    const outs = [await session.run(feeds), await decode.run(feeds)];
    for (const out of outs) {
      const logits = out['logits']!.data as Float32Array;
      let worst = 0;
      step.logits.forEach((rows, b) => (worst = Math.max(worst, maxAbsDiff(logits, b * config.vocab_size, rows[0]!))));
      expect(worst).toBeLessThanOrEqual(fixture.atol);
    }
    const [perLayer, stepOut] = outs as [ort.InferenceSession.ReturnType, ort.InferenceSession.ReturnType];
    const packed = stepOut['new']!;
    const { n_head: heads, head_dim: dim } = config;
    expect(packed.dims).toEqual([3, 2 * config.n_layer * heads, 1, dim]);
    const data = packed.data as Float32Array;
    for (let i = 0; i < config.n_layer; i++) {
      ['key', 'value'].forEach((kind, kv) => {
        const ref = perLayer[`new.${i}.${kind}`]!; // [3, n_head, 1, head_dim]
        const unpacked: number[] = [];
        for (let b = 0; b < 3; b++) unpacked.push(...data.subarray((b * 2 * config.n_layer + 2 * i + kv) * heads * dim, (b * 2 * config.n_layer + 2 * i + kv + 1) * heads * dim));
        expect(maxAbsDiff(ref.data as Float32Array, 0, unpacked)).toBeLessThanOrEqual(1e-5);
      });
    }
    await session.release();
    await decode.release();
  });
});

describe('KV-cached generation', () => {
  it('greedy ids equal the PyTorch generations token for token', async () => {
    const r = await client.generate({
      modelDir: fixtureDir,
      prompts: fixture.generations.map((g) => ({ ids: g.prompt_ids })),
      maxNewTokens: fixture.generations[0]!.max_new_tokens,
    });
    expect(r.outputs.map((o) => o.ids)).toEqual(fixture.generations.map((g) => g.ids));
    expect(r.outputs.map((o) => o.text)).toEqual(fixture.generations.map((g) => g.text));
  });

  it('an export without decode.onnx steps on model.onnx (per-layer outputs) and generates the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'os-onnx-nodecode-'));
    try {
      for (const f of ['model.onnx', 'tokenizer.json']) copyFileSync(join(fixtureDir, f), join(dir, f));
      const { decode: _named, ...json } = JSON.parse(readFileSync(join(fixtureDir, 'model.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
      const r = await client.generate({ modelDir: dir, prompts: fixture.generations.map((g) => ({ ids: g.prompt_ids })), maxNewTokens: fixture.generations[0]!.max_new_tokens });
      expect(r.outputs.map((o) => o.ids)).toEqual(fixture.generations.map((g) => g.ids));
      expect(r.stats.forwardCalls).toBeGreaterThan(fixture.generations.length); // it did decode steps
    } finally {
      await client.release(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('batched output equals unbatched output (greedy and seeded sampling)', async () => {
    const prompts = [
      [{ role: 'user' as const, content: 'What is 12+30?' }],
      [{ role: 'user' as const, content: 'Hi' }],
      [{ role: 'system' as const, content: 'Answer like a pirate.' }, { role: 'user' as const, content: 'Name a colour.' }],
      [{ role: 'user' as const, content: 'A much longer question that pads the others a lot more than usual?' }],
    ];
    for (const sampling of [{ temperature: 0 }, { temperature: 1.2, topK: 20, topP: 0.9, seed: 5 }]) {
      const batched = await client.generate({ modelDir: fixtureDir, prompts, maxNewTokens: 16, sampling });
      const alone = [];
      for (const prompt of prompts) {
        // One prompt per call: sampling streams are seeded by the prompt's index, so pass all and pick one.
        alone.push((await client.generate({ modelDir: fixtureDir, prompts, maxNewTokens: 16, sampling, batchSize: 1 })).outputs[prompts.indexOf(prompt)]!);
      }
      expect(batched.outputs.map((o) => o.ids)).toEqual(alone.map((o) => o.ids));
      const single = await client.generate({ modelDir: fixtureDir, prompts: [prompts[1]!], maxNewTokens: 16, sampling: { temperature: 0 } });
      if (sampling.temperature === 0) expect(single.outputs[0]!.ids).toEqual(batched.outputs[1]!.ids);
    }
  });

  it('seeded sampling is reproducible and depends on the seed', async () => {
    const prompts = Array.from({ length: 6 }, (_, i) => [{ role: 'user' as const, content: `Question ${i}` }]);
    const run = (seed: number) => client.generate({ modelDir: fixtureDir, prompts, maxNewTokens: 12, sampling: { temperature: 1, seed } });
    const [a, b, c] = [await run(1), await run(1), await run(2)];
    expect(a.outputs.map((o) => o.ids)).toEqual(b.outputs.map((o) => o.ids));
    expect(a.outputs.map((o) => o.ids)).not.toEqual(c.outputs.map((o) => o.ids));
  });

  it('stops at a stop sequence and cuts the text before it', async () => {
    const free = await client.generate({ modelDir: fixtureDir, prompts: [{ ids: fixture.generations[0]!.prompt_ids }], maxNewTokens: 12 });
    const text = free.outputs[0]!.text; // e.g. "L4)LL{|LLo){"
    const stop = text.slice(3, 5);
    const cut = await client.generate({ modelDir: fixtureDir, prompts: [{ ids: fixture.generations[0]!.prompt_ids }], maxNewTokens: 12, stopSequences: [stop] });
    expect(cut.outputs[0]!.finishReason).toBe('stop');
    expect(cut.outputs[0]!.text).toBe(text.slice(0, text.indexOf(stop)));
    expect(free.outputs[0]!.finishReason).toBe('length');
    expect(free.outputs[0]!.ids).toHaveLength(12);
  });

  it('chunks large batches and reports progress per chunk', async () => {
    const prompts = Array.from({ length: 70 }, (_, i) => [{ role: 'user' as const, content: `Compute ${i}+${i}.` }]);
    const progress: number[] = [];
    // One worker: batches of 32 in order (a pool of two deals it out 35 + 35, worker-pool.test.ts).
    const single = new InferenceClient({ workers: 1 });
    try {
      const r = await single.generate({ modelDir: fixtureDir, prompts, maxNewTokens: 4, batchSize: 32 }, { onProgress: (done) => progress.push(done) });
      expect(r.outputs).toHaveLength(70);
      expect(progress).toEqual([32, 64, 70]);
    } finally {
      await single.close();
    }
  });
});

describe('bad model files', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  function exportDir(onnxBytes: Buffer | null): string {
    const dir = mkdtempSync(join(tmpdir(), 'os-onnx-'));
    dirs.push(dir);
    copyFileSync(join(fixtureDir, 'model.json'), join(dir, 'model.json'));
    copyFileSync(join(fixtureDir, 'tokenizer.json'), join(dir, 'tokenizer.json'));
    copyFileSync(join(fixtureDir, 'decode.onnx'), join(dir, 'decode.onnx'));
    if (onnxBytes) writeFileSync(join(dir, 'model.onnx'), onnxBytes);
    return dir;
  }

  it('a missing model.onnx names the file and says to re-export', async () => {
    const dir = exportDir(null);
    await expect(client.generate({ modelDir: dir, prompts: [{ ids: [1, 3] }], maxNewTokens: 2 })).rejects.toThrow(
      new RegExp(`Missing ONNX file ${join(dir, 'model.onnx')}.*export`),
    );
  });

  it('a corrupt model.onnx names the file and says to re-export', async () => {
    const dir = exportDir(Buffer.from('this is not a protobuf at all'.repeat(10)));
    const err = await client.generate({ modelDir: dir, prompts: [{ ids: [1, 3] }], maxNewTokens: 2 }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(`Cannot load ONNX file ${join(dir, 'model.onnx')}`);
    expect((err as Error).message).toMatch(/re-run the export/);
    // The worker is still fine.
    const ok = await client.generate({ modelDir: fixtureDir, prompts: [{ ids: [1, 3] }], maxNewTokens: 2 });
    expect(ok.outputs).toHaveLength(1);
  });

  it('a corrupt or missing decode.onnx names that file', async () => {
    const dir = exportDir(readFileSync(join(fixtureDir, 'model.onnx')));
    writeFileSync(join(dir, 'decode.onnx'), Buffer.from('not onnx'.repeat(20)));
    await expect(client.generate({ modelDir: dir, prompts: [{ ids: [1, 3] }], maxNewTokens: 2 })).rejects.toThrow(`Cannot load ONNX file ${join(dir, 'decode.onnx')}`);
    rmSync(join(dir, 'decode.onnx'));
    await expect(client.generate({ modelDir: dir, prompts: [{ ids: [1, 3] }], maxNewTokens: 2 })).rejects.toThrow(`Missing ONNX file ${join(dir, 'decode.onnx')}`);
  });
});
