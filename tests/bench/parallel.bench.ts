// compute.parallel: the quick tour notebook (one backdoor's 2 seeds built, then pirate SFT on each) run
// cold with its seeds one after another in the app's bridge (parallel 1, the baseline) and two at a
// time in two single-threaded bridge processes (parallel 2, what the shipped notebooks use), in the
// same run, alternating, so both see the same machine.
//
//   node --import tsx tests/bench/parallel.bench.ts        (BENCH_PARALLEL_ROUNDS=2 by default)
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runStudy } from '../../scripts/study/run-study.js';
import { repoRoot } from '../e2e/support/build-renderer.js';

const source = path.join(repoRoot, 'assets', 'notebooks', 'quick-tour.organism.json');
const rounds = Number(process.env['BENCH_PARALLEL_ROUNDS'] ?? 2);

async function coldRun(parallel: number): Promise<{ seconds: number; failed: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `bench-parallel-${parallel}-`));
  const file = path.join(dir, 'quick-tour.organism.json');
  copyFileSync(source, file);
  const notebook = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  notebook['compute'] = { kind: 'local', parallel };
  writeFileSync(file, JSON.stringify(notebook));
  const run = await runStudy([file, '--quiet']);
  return { seconds: run.ranMs / 1000, failed: run.failed.length };
}

const times: Record<1 | 2, number[]> = { 1: [], 2: [] };
for (let round = 0; round < rounds; round++) {
  for (const parallel of round % 2 === 0 ? ([1, 2] as const) : ([2, 1] as const)) {
    const r = await coldRun(parallel);
    if (r.failed > 0) throw new Error(`quick tour with parallel ${parallel}: ${r.failed} cell(s) failed`);
    times[parallel].push(r.seconds);
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const load = os.loadavg()[0]?.toFixed(2);
console.log(`\nQuick tour cold (2 seeds), ${rounds} round(s) each, load average ${load} on ${os.availableParallelism()} cores`);
console.log('compute.parallel             runs (s)                 median (s)   speed-up');
for (const p of [1, 2] as const) {
  const speedUp = p === 1 ? '1.00x (baseline)' : `${(median(times[1]) / median(times[2])).toFixed(2)}x`;
  console.log(`${String(p).padEnd(29)}${times[p].map((t) => t.toFixed(1)).join(', ').padEnd(25)}${median(times[p]).toFixed(1).padStart(10)}   ${speedUp}`);
}
process.exit(0);
