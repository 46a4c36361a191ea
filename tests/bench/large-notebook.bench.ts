// Large-notebook benchmark (issue 17, item 11): a 10,000-cell notebook in the web host and headless
// Chromium. First paint = navigation start → the first cell painted (two animation frames after it
// is in the DOM); keypress = a trusted `j` keydown → the second frame after it (the selection moved
// and was painted; the 20-cell notebook gives the floor of two frames). Also: a notebook holding one
// 50 MB markdown cell: first paint must not wait for it, and the page must not freeze while it renders
// (the longest main-thread task after first paint). Targets: first paint ≤ 1 s, ≤ 50 ms per `j`.
// Run: node --import tsx tests/bench/large-notebook.bench.ts   (or npm run bench -- large-notebook)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { writeNotebookFile } from '../../electron/core/notebook/notebook-files.js';
import type { Cell, Notebook } from '../../electron/shared/notebook-schema.js';
import { startWebHost } from '../../electron/web/web-host.js';
import { ensureRendererBuilt } from '../e2e/support/build-renderer.js';
import { launchBrowser } from '../e2e/support/studio.js';

const CELLS = Number(process.env.BENCH_CELLS ?? 10_000);
const KEYPRESSES = 40;
const HUGE_MB = 50;

function notebook(cells: Cell[], title: string): Notebook {
  return { format: 'organism-studio-notebook', version: 1, title, cells, metadata: {} };
}

function markdownCell(i: number, source?: string): Cell {
  return {
    id: `c${i}`,
    kind: 'markdown',
    name: `note_${i}`,
    config: { source: source ?? `## Note ${i}\n\nThe organism keeps **${i % 100}%** of its backdoor after pirate SFT.\n\n- seed: ${i}` },
    inputs: {},
    output: null,
    metadata: {},
  };
}

/**
 * Navigation start → the frame that first paints a cell (the animation frame after the first cell
 * enters the DOM, recorded in the page: work the app defers past that paint is not counted), and
 * first-contentful-paint, both in ms.
 */
async function openAndTimeFirstPaint(page: Page, url: string): Promise<{ firstCellMs: number; fcpMs: number }> {
  // An init script runs before the app and outside its CSP.
  await page.addInitScript(() => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector('[data-testid="cell"]')) return;
      observer.disconnect();
      requestAnimationFrame(() => ((window as unknown as { __firstCell: number }).__firstCell = performance.now()));
    });
    document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { childList: true, subtree: true }));
    // Main-thread tasks over 50 ms (the page cannot answer input while one runs).
    const longTasks: Array<{ start: number; duration: number }> = [];
    (window as unknown as { __longTasks: typeof longTasks }).__longTasks = longTasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __firstCell?: number }).__firstCell !== undefined, undefined, { timeout: 120_000 });
  const firstCellMs = (await page.evaluate('window.__firstCell')) as number;
  const fcpMs = (await page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1")) as number;
  return { firstCellMs, fcpMs };
}

/**
 * After the first paint of the notebook holding the huge cell: when its text shows (ms from
 * navigation start) and the longest main-thread task from first paint to a second after that.
 */
async function timeHugeCell(page: Page, firstCellMs: number): Promise<{ textMs: number; longestTaskMs: number }> {
  const preview = page.locator('[data-testid="cell"][data-cell-id="c0"] [data-testid="markdown-preview"]');
  await preview.waitFor({ timeout: 120_000 });
  const textMs = await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now()))));
  await page.waitForTimeout(1000);
  const tasks = (await page.evaluate('window.__longTasks')) as Array<{ start: number; duration: number }>;
  const longestTaskMs = Math.max(0, ...tasks.filter((task) => task.start + task.duration > firstCellMs).map((task) => task.duration));
  return { textMs, longestTaskMs };
}

/** Latency of each `j`: from the keydown's timestamp to the second frame after it; and its work. */
async function timeKeypresses(page: Page, count: number): Promise<{ latencies: number[]; work: number[] }> {
  await page.locator('[data-testid="notebook"]').focus();
  // Also the work a key press causes, without waiting for frames: from the keydown to the end of
  // its handlers, the effects they flush and a forced style and layout (a task queued behind them).
  await page.evaluate(`window.__lat = []; window.__work = []; window.addEventListener('keydown', (e) => {
    if (e.key !== 'j') return;
    const t0 = e.timeStamp;
    setTimeout(() => { void document.body.offsetHeight; window.__work.push(performance.now() - t0); }, 0);
    requestAnimationFrame(() => requestAnimationFrame(() => window.__lat.push(performance.now() - t0)));
  }, true);`);
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('j');
    // A function, not a string: the page's CSP forbids eval, which a string predicate needs.
    await page.waitForFunction((n) => (window as unknown as { __lat: number[] }).__lat.length === n, i + 1, { timeout: 60_000 });
  }
  const selected = (await page.locator('[data-testid="cell"].selected').getAttribute('data-cell-id')) ?? '';
  if (!/^c\d+$/.test(selected) || Number(selected.slice(1)) < count) throw new Error(`j did not move the selection (selected: ${selected})`);
  return { latencies: (await page.evaluate('window.__lat')) as number[], work: (await page.evaluate('window.__work')) as number[] };
}

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'organism-bench-large-'));
  const large = path.join(dir, 'large.organism.json');
  const huge = path.join(dir, 'huge.organism.json');
  const small = path.join(dir, 'small.organism.json');
  // The same page with 20 cells, measured in the same run: what the machine needs for any notebook.
  await writeNotebookFile(small, notebook(Array.from({ length: 20 }, (_, i) => markdownCell(i)), '20 cells'));
  await writeNotebookFile(large, notebook(Array.from({ length: CELLS }, (_, i) => markdownCell(i)), `${CELLS} cells`));
  const bigSource = `# A very long note\n\n${'The organism keeps its backdoor. '.repeat(Math.ceil((HUGE_MB * 1024 * 1024) / 33))}`;
  await writeNotebookFile(huge, notebook([markdownCell(0, bigSource), ...Array.from({ length: 20 }, (_, i) => markdownCell(i + 1))], 'huge cell'));

  // BENCH_RENDERER_DIR: time a renderer built elsewhere (vite build --outDir …) instead of build/renderer.
  const rendererDir = process.env.BENCH_RENDERER_DIR;
  if (!rendererDir) ensureRendererBuilt();
  const browser = await launchBrowser();
  const rows: Array<[string, string, string]> = [];
  const medians = new Map<string, { paint: number; key: number; work: number }>();
  try {
    for (const [label, file] of [['20 cells (reference)', small], [`${CELLS} cells`, large], [`one ${HUGE_MB} MB markdown cell`, huge]] as const) {
      const home = mkdtempSync(path.join(os.tmpdir(), 'organism-bench-home-'));
      const host = await startWebHost({ port: 0, home, notebookPath: file, autosaveDelayMs: 600_000, ...(rendererDir ? { rendererDir } : {}) });
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      try {
        const page = await context.newPage();
        const { firstCellMs, fcpMs } = await openAndTimeFirstPaint(page, host.url);
        const verdict = file === small ? '' : firstCellMs <= 1000 ? 'met (≤ 1 s)' : 'MISSED (≤ 1 s)';
        rows.push([`${label}: first cell painted`, `${firstCellMs.toFixed(0)} ms`, verdict]);
        rows.push([`${label}: first contentful paint`, `${fcpMs.toFixed(0)} ms`, '']);
        if (file === huge) {
          const { textMs, longestTaskMs } = await timeHugeCell(page, firstCellMs);
          rows.push([`${label}: its text shown`, `${textMs.toFixed(0)} ms`, '']);
          rows.push([`${label}: longest main-thread task after first paint`, `${longestTaskMs.toFixed(0)} ms`, longestTaskMs <= 200 ? 'responsive (≤ 200 ms)' : 'FROZE (> 200 ms)']);
        } else {
          // The 20-cell notebook gives the floor: two animation frames on this machine.
          const count = file === small ? 19 : KEYPRESSES;
          const { latencies, work } = await timeKeypresses(page, count);
          const p50 = quantile(latencies, 0.5);
          const p95 = quantile(latencies, 0.95);
          const verdict = (ms: number): string => (file === small ? '' : ms <= 50 ? 'met (≤ 50 ms)' : 'MISSED (≤ 50 ms)');
          rows.push([`${label}: j keypress, median of ${count}`, `${p50.toFixed(1)} ms`, verdict(p50)]);
          rows.push([`${label}: j keypress, 95th percentile`, `${p95.toFixed(1)} ms`, verdict(p95)]);
          rows.push([`${label}: j work (handlers + layout), median / p95`, `${quantile(work, 0.5).toFixed(1)} / ${quantile(work, 0.95).toFixed(1)} ms`, '']);
          medians.set(file, { paint: firstCellMs, key: p50, work: quantile(work, 0.5) });
        }
      } finally {
        await context.close();
        await host.close();
        rmSync(home, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  // The machine's own cost of any notebook (the 20-cell page) set against the large one: on shared,
  // loaded cores the absolute times move with the load, the ratios much less.
  const reference = medians.get(small);
  const measured = medians.get(large);
  if (reference && measured) {
    rows.push([`${CELLS} cells / 20 cells: first cell painted`, `${(measured.paint / reference.paint).toFixed(2)}×`, '']);
    rows.push([`${CELLS} cells / 20 cells: j keypress median`, `${(measured.key / reference.key).toFixed(2)}×`, '']);
    rows.push([`${CELLS} cells / 20 cells: j work median`, `${(measured.work / reference.work).toFixed(2)}×`, '']);
  }
  const load = os.loadavg()[0] ?? 0;
  console.log(`\nLarge notebook benchmark (web host + headless Chromium, 1280×860; load average ${load.toFixed(1)} on ${os.cpus().length} cores)`);
  for (const [label, value, verdict] of rows) console.log(`${label.padEnd(58)}${value.padStart(16)}  ${verdict}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
