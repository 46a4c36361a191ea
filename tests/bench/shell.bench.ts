// Shell benchmark: the web host's cold start to first paint in headless Chromium, and the time to
// open a 500-cell notebook, each next to the same figure for an empty notebook measured in the
// same run. Each round starts a fresh host process (the bundle build/web/serve.cjs, as `npm run
// serve` does) on a fresh home, then loads the page in a fresh browser context.
// Run: node --import tsx tests/bench/shell.bench.ts   (or npm run bench)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { writeNotebookFile } from '../../electron/core/notebook/notebook-files.js';
import { createStudioCore } from '../../electron/core/studio-core.js';
import type { Notebook } from '../../electron/shared/notebook-schema.js';
import { ensureRendererBuilt, repoRoot } from '../e2e/support/build-renderer.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CELLS = 500;

function markdownNotebook(cells: number): Notebook {
  return {
    format: 'organism-studio-notebook',
    version: 1,
    title: `${cells} cells`,
    cells: Array.from({ length: cells }, (_, i) => ({
      id: `bench${i}`,
      kind: 'markdown',
      name: `note_${i}`,
      config: { source: `## Note ${i}\n\nThe organism keeps **${i % 100}%** of its backdoor after pirate SFT; see [the plot](#p${i}).` },
      inputs: {},
      output: null,
      metadata: {},
    })),
    metadata: {},
  };
}

interface Round {
  hostReadyMs: number; // spawn → URL printed
  firstPaintMs: number; // spawn → first-contentful-paint
  notebookMs: number; // spawn → [data-testid="notebook"] present
  allCellsMs: number; // spawn → every cell rendered
  openMs: number; // navigation start → every cell rendered
}

function startHost(notebookPath: string, home: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['build/web/serve.cjs', '--notebook', notebookPath, '--home', home], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`the web host exited (code ${code}) before printing its URL:\n${out}`)));
  });
}

async function measure(browser: Browser, notebookPath: string, cells: number): Promise<Round> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'organism-bench-home-'));
  const started = performance.now();
  const { child, url } = await startHost(notebookPath, home);
  const hostReadyMs = performance.now() - started;
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  try {
    const page = await context.newPage();
    const navigationStarted = performance.now();
    await page.goto(url);
    await page.waitForSelector('[data-testid="notebook"]', { timeout: 60_000 });
    const notebookMs = performance.now() - started;
    for (;;) {
      if ((await page.locator('[data-testid="cell"]').count()) === cells) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const allCellsMs = performance.now() - started;
    const openMs = performance.now() - navigationStarted;
    // Runtime.evaluate is not subject to the page's CSP; the value is relative to navigation start.
    const fcp = (await page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null")) as number | null;
    if (fcp === null) throw new Error('the browser reported no first-contentful-paint');
    return { hostReadyMs, firstPaintMs: navigationStarted - started + fcp, notebookMs, allCellsMs, openMs };
  } finally {
    await context.close();
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    rmSync(home, { recursive: true, force: true });
  }
}

/** The core alone (no browser): open the file (read, parse, validate) and apply one edit. */
async function measureCore(notebookPath: string): Promise<{ coreOpenMs: number; coreEditMs: number }> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'organism-bench-core-'));
  const core = createStudioCore({ home, autosaveDelayMs: 60_000 });
  try {
    const t0 = performance.now();
    const doc = await core.invoke('notebook.open', { path: notebookPath });
    const t1 = performance.now();
    await core.invoke('notebook.edit', { docId: doc.docId, edit: { op: 'addCell', index: 0, kind: 'markdown' } });
    return { coreOpenMs: t1 - t0, coreEditMs: performance.now() - t1 };
  } finally {
    await core.dispose();
    rmSync(home, { recursive: true, force: true });
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

async function main(): Promise<void> {
  ensureRendererBuilt();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'organism-bench-'));
  const empty = path.join(dir, 'empty.organism.json');
  const large = path.join(dir, 'large.organism.json');
  await writeNotebookFile(empty, markdownNotebook(0));
  await writeNotebookFile(large, markdownNotebook(CELLS));

  const core = { empty: [] as Array<{ coreOpenMs: number; coreEditMs: number }>, large: [] as Array<{ coreOpenMs: number; coreEditMs: number }> };
  await measureCore(large); // warm-up (module JIT)
  for (let round = 0; round < 9; round++) {
    core.empty.push(await measureCore(empty));
    core.large.push(await measureCore(large));
  }

  const browserStarted = performance.now();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const browserMs = performance.now() - browserStarted;
  const results = { empty: [] as Round[], large: [] as Round[] };
  try {
    await measure(browser, empty, 0); // warm-up: disk cache and Chromium's first context, not reported
    for (let round = 0; round < ROUNDS; round++) {
      // Interleave the two cases so drift on the shared CPU affects both alike.
      results.empty.push(await measure(browser, empty, 0));
      results.large.push(await measure(browser, large, CELLS));
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const rows: Array<[string, keyof Round]> = [
    ['host process start → URL printed', 'hostReadyMs'],
    ['host start → first contentful paint', 'firstPaintMs'],
    ['host start → notebook element', 'notebookMs'],
    ['host start → all cells rendered', 'allCellsMs'],
    ['page load → all cells rendered (open)', 'openMs'],
  ];
  console.log(`\nShell benchmark — median of ${ROUNDS} rounds (fresh host process + browser context each; Chromium launch ${browserMs.toFixed(0)} ms, not included)`);
  console.log(`${'measure'.padEnd(40)}${'empty'.padStart(10)}${`${CELLS} cells`.padStart(12)}${'ratio'.padStart(9)}`);
  for (const [label, key] of rows) {
    const a = median(results.empty.map((r) => r[key]));
    const b = median(results.large.map((r) => r[key]));
    console.log(`${label.padEnd(40)}${`${a.toFixed(0)} ms`.padStart(10)}${`${b.toFixed(0)} ms`.padStart(12)}${`${(b / a).toFixed(2)}x`.padStart(9)}`);
  }
  for (const [label, key] of [['core only: notebook.open', 'coreOpenMs'], ['core only: one edit (addCell)', 'coreEditMs']] as const) {
    const a = median(core.empty.map((r) => r[key]));
    const b = median(core.large.map((r) => r[key]));
    console.log(`${label.padEnd(40)}${`${a.toFixed(1)} ms`.padStart(10)}${`${b.toFixed(1)} ms`.padStart(12)}${`${(b / a).toFixed(2)}x`.padStart(9)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
