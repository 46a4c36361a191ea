// The GEMM floor of batch-1 generation on this machine, for inference.bench.ts: the time
// onnxruntime needs for the model's dense work alone (python-bridge/organism_bridge/gemm_floor.py:
// every matrix multiply, layer norm and GELU of a token, no attention, no embeddings, one input)
// for each prompt's prefill and decode steps, on one core. No exact generation graph of the model
// can be faster on one core, so it tells how far ONNX generation is from what onnxruntime could
// reach at best, and whether a target is within reach at all.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as ort from 'onnxruntime-node';
import { findBridgeDir, findPython } from '../../electron/core/bridge/python-locator.js';
import { ortSessionOptions } from '../../electron/core/inference/session-cache.js';
import type { Generation } from '../../electron/core/inference/worker-protocol.js';

/** One prompt's forward work at batch 1: a prefill of `promptTokens` rows, then `steps` one-row steps. */
export interface PromptWork {
  promptTokens: number;
  steps: number;
}

/** Writes the floor graph of the model in `modelDir` to `out` with the bridge's interpreter. */
export async function exportFloorGraph(modelDir: string, out: string): Promise<void> {
  const python = await findPython();
  await promisify(execFile)(python, ['-m', 'organism_bridge.gemm_floor', modelDir, out], { cwd: findBridgeDir(), timeout: 120_000 });
}

/**
 * The decode steps a generation took: the prefill yields the first token and every later token
 * takes one step, so a row that ended with <|end|> stepped once per kept token, and a row cut at
 * the length limit (or a stop sequence) once less.
 */
export function workOf(generation: Pick<Generation, 'ids' | 'finishReason' | 'promptTokens'>): PromptWork {
  const n = generation.ids.length;
  return { promptTokens: generation.promptTokens, steps: generation.finishReason === 'end' ? n : Math.max(0, n - 1) };
}

export class GemmFloor {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly width: number,
  ) {}

  /** The inference workers' own session options, with one intra-op thread as the default pool runs. */
  static async load(path: string, width: number): Promise<GemmFloor> {
    const session = await ort.InferenceSession.create(path, ortSessionOptions(1));
    return new GemmFloor(session, width);
  }

  /** Seconds for the dense work of `work`, prompt by prompt, as a batch-1 generation does it. */
  async time(work: readonly PromptWork[]): Promise<number> {
    const inputs = new Map<number, ort.Tensor>();
    const input = (rows: number) => {
      let t = inputs.get(rows);
      if (!t) inputs.set(rows, (t = new ort.Tensor('float32', new Float32Array(rows * this.width).fill(0.01), [rows, this.width])));
      return t;
    };
    for (const w of work.slice(0, 8)) await this.session.run({ x: input(w.promptTokens) }); // warm up
    const t0 = performance.now();
    for (const w of work) {
      await this.session.run({ x: input(w.promptTokens) });
      for (let s = 0; s < w.steps; s++) await this.session.run({ x: input(1) });
    }
    return (performance.now() - t0) / 1000;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
