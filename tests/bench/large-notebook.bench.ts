// Large-notebook benchmark (issue 17, item 11): a 10,000-cell notebook in the web host and headless
// Chromium. First paint = navigation start → the first cell painted (two animation frames after it
// is in the DOM); keypress = a trusted `j` keydown → the second frame after it (the selection moved
// and was painted). Also: a notebook holding one 50 MB markdown cell (first paint must not wait for
// it). Targets: first paint ≤ 1 s, ≤ 50 ms per `j`.
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
  });
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __firstCell?: number }).__firstCell !== undefined, undefined, { timeout: 120_000 });
  const firstCellMs = (await page.evaluate('window.__firstCell')) as number;
  const fcpMs = (await page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1")) as number;
  return { firstCellMs, fcpMs };
}

/** Latency of each `j`: from the keydown's timestamp to the second frame after it. */
async function timeKeypresses(page: Page, count: number): Promise<number[]> {
  await page.locator('[data-testid="notebook"]').focus();
  await page.evaluate(`window.__lat = []; window.addEventListener('keydown', (e) => {
    if (e.key !== 'j') return;
    const t0 = e.timeStamp;
    requestAnimationFrame(() => requestAnimationFrame(() => window.__lat.push(performance.now() - t0)));
  }, true);`);
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('j');
    // A function, not a string: the page's CSP forbids eval, which a string predicate needs.
    await page.waitForFunction((n) => (window as unknown as { __lat: number[] }).__lat.length === n, i + 1, { timeout: 60_000 });
  }
  const selected = (await page.locator('[data-testid="cell"].selected').getAttribute('data-cell-id')) ?? '';
  if (!/^c\d+$/.test(selected) || Number(selected.slice(1)) < Math.min(count, CELLS - 1)) throw new Error(`j did not move the selection (selected: ${selected})`);
  return (await page.evaluate('window.__lat')) as number[];
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
        if (file === large) {
          const latencies = await timeKeypresses(page, KEYPRESSES);
          const p50 = quantile(latencies, 0.5);
          const p95 = quantile(latencies, 0.95);
          rows.push([`${label}: j keypress, median of ${KEYPRESSES}`, `${p50.toFixed(1)} ms`, p50 <= 50 ? 'met (≤ 50 ms)' : 'MISSED (≤ 50 ms)']);
          rows.push([`${label}: j keypress, 95th percentile`, `${p95.toFixed(1)} ms`, p95 <= 50 ? 'met (≤ 50 ms)' : 'MISSED (≤ 50 ms)']);
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
  console.log(`\nLarge notebook benchmark (web host + headless Chromium, 1280×860)`);
  for (const [label, value, verdict] of rows) console.log(`${label.padEnd(48)}${value.padStart(12)}  ${verdict}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
