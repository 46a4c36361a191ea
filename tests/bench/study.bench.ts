/// <reference lib="dom" />
// Study benchmark: the quick tour and the default study notebook cold (every cell computed through the
// real bridge and onnxruntime; budgets: 2 and 20 minutes on 2 idle cores, README), the same notebook reopened (all cached: headless, and in Chromium until every cell
// shows done and the trade-off plot is drawn), and the largest main-thread task in the renderer
// while a training cell streams progress, against the same page idle (baseline, same run).
//
//   node --import tsx tests/bench/study.bench.ts            (cold default study: ~15-20 min on 2 cores)
//   STUDY_BENCH_NOTEBOOK=tests/fixtures/notebooks/small-study.organism.json node --import tsx tests/bench/study.bench.ts
//   STUDY_BENCH_DIR=/tmp/kept node --import tsx …            (reuse a computed copy: cold time then means "stale cells only")
//
// Also writes docs/screenshots/default-study-tradeoff.png (the README's picture) from the reopened notebook.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStudyEngine } from '../../electron/core/cells/study-engine.js';
import { runStudy } from '../../scripts/study/run-study.js';
import { repoRoot } from '../e2e/support/build-renderer.js';
import { launchBrowser, openStudio, removeDir, startHost } from '../e2e/support/studio.js';

const notebookSource = path.resolve(repoRoot, process.env['STUDY_BENCH_NOTEBOOK'] ?? 'assets/notebooks/default-study.organism.json');
const workDir = process.env['STUDY_BENCH_DIR'] ?? mkdtempSync(path.join(os.tmpdir(), 'study-bench-'));
mkdirSync(workDir, { recursive: true });
const notebookFile = path.join(workDir, path.basename(notebookSource));
if (!existsSync(notebookFile)) copyFileSync(notebookSource, notebookFile);

const rows: Array<{ what: string; value: number; unit: string; baseline?: number }> = [];
const seconds = (ms: number): number => ms / 1000;

// 0. The quick tour cold, in its own folder (budget: 2 minutes).
if (!process.env['STUDY_BENCH_NOTEBOOK']) {
  const tourDir = mkdtempSync(path.join(os.tmpdir(), 'study-bench-tour-'));
  const tourFile = path.join(tourDir, 'quick-tour.organism.json');
  copyFileSync(path.join(repoRoot, 'assets', 'notebooks', 'quick-tour.organism.json'), tourFile);
  const tour = await runStudy([tourFile, '--quiet']);
  rows.push({ what: `quick tour cold (${tour.outcomes.filter((o) => o.status === 'done').length} cells, ${tour.failed.length} failed; budget 120 s)`, value: seconds(tour.ranMs), unit: 's' });
  removeDir(tourDir);
}

// 1. Cold: run every stale cell headless.
const cold = await runStudy([notebookFile, '--report', path.join(workDir, 'report.html'), '--csv', path.join(workDir, 'metrics.csv'), '--json', path.join(workDir, 'metrics.json')]);
const computed = cold.outcomes.filter((o) => o.status === 'done' && !o.cached).length;
rows.push({ what: `cold run (${computed} cells computed, ${cold.failed.length} failed; budget 1200 s for the default study)`, value: seconds(cold.ranMs), unit: 's' });

// 2. Cached, headless: the same notebook again (nothing to compute).
const cached = await runStudy([notebookFile, '--quiet']);
rows.push({ what: 'cached re-run, headless (all cache hits)', value: seconds(cached.ranMs), unit: 's', baseline: seconds(cold.ranMs) });

// 3. Cached reopen in the UI, then the longtask probe.
const home = mkdtempSync(path.join(os.tmpdir(), 'study-bench-home-'));
const host = await startHost({ home, notebookPath: notebookFile, engine: createStudyEngine({ appRoot: repoRoot }) });
const browser = await launchBrowser();
try {
  const started = performance.now();
  const { page } = await openStudio(browser, host.url, { viewport: { width: 1280, height: 1000 } });
  await page.waitForFunction(
    () => {
      const statuses = Array.from(document.querySelectorAll('[data-testid="cell-status"]')).map((e) => e.getAttribute('data-status'));
      return statuses.length > 0 && statuses.every((s) => s === 'done') && document.querySelector('[data-testid="plot-figure"] .main-svg') !== null;
    },
    undefined,
    { timeout: 180_000, polling: 100 },
  );
  const reopenMs = performance.now() - started;
  rows.push({ what: 'cached reopen in Chromium (all cells done, plot drawn)', value: seconds(reopenMs), unit: 's', baseline: seconds(cold.ranMs) });
  const plot = page.locator('[data-cell-id="tradeoff"]');
  if ((await plot.count()) > 0) {
    mkdirSync(path.join(repoRoot, 'docs', 'screenshots'), { recursive: true });
    await plot.scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await plot.screenshot({ path: path.join(repoRoot, 'docs', 'screenshots', 'default-study-tradeoff.png') });
  }
  await page.close();
} finally {
  await browser.close();
  await host.close();
  removeDir(home);
}

// 4. Largest main-thread task: idle page (baseline) vs a streaming training run.
{
  const probeHome = mkdtempSync(path.join(os.tmpdir(), 'study-bench-probe-'));
  const probeFile = path.join(probeHome, 'probe.organism.json');
  copyFileSync(path.join(repoRoot, 'tests', 'fixtures', 'notebooks', 'e2e-study.organism.json'), probeFile);
  const probeHost = await startHost({ home: probeHome, notebookPath: probeFile, engine: createStudyEngine({ appRoot: repoRoot }) });
  const probeBrowser = await launchBrowser();
  try {
    const { page, context } = await openStudio(probeBrowser, probeHost.url);
    void context;
    await page.evaluate(() => {
      const w = window as unknown as { __longest: number; __tasks: number };
      w.__longest = 0;
      w.__tasks = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          w.__tasks += 1;
          w.__longest = Math.max(w.__longest, entry.duration);
        }
      }).observe({ type: 'longtask' as PerformanceEntry['entryType'], buffered: false });
    });
    const read = () => page.evaluate(() => ({ longest: (window as unknown as { __longest: number }).__longest, tasks: (window as unknown as { __tasks: number }).__tasks }));
    const reset = () => page.evaluate(() => ((window as unknown as { __longest: number; __tasks: number }).__longest = 0, (window as unknown as { __tasks: number }).__tasks = 0));
    // Upstream cells first (not measured), so the measured window is the streaming training itself.
    await page.locator('[data-cell-id="org"] [data-testid="run-cell"]').click();
    await page.waitForFunction(() => document.querySelector('[data-cell-id="org"] [data-testid="cell-status"]')?.getAttribute('data-status') === 'done', undefined, { timeout: 400_000 });
    await reset();
    await page.waitForTimeout(5000);
    const idle = await read();
    const trainRun = async (): Promise<{ longest: number; tasks: number }> => {
      await reset();
      await page.locator('[data-cell-id="pirate"] [data-testid="run-cell"]').click();
      await page.waitForFunction(() => document.querySelector('[data-cell-id="pirate"] [data-testid="cell-status"]')?.getAttribute('data-status') === 'done', undefined, { timeout: 400_000, polling: 250 });
      // Include drawing the finished curve (the first one in a session loads plotly).
      await page.waitForSelector('[data-cell-id="pirate"] [data-testid="train-curve"] .main-svg', { timeout: 60_000 });
      await page.waitForTimeout(300);
      return read();
    };
    // First run: includes parsing plotly (~4.8 MB) when the finished curve is first drawn.
    const first = await trainRun();
    // Second run (steps edited, so it is stale): plotly already loaded — the steady streaming cost.
    await page.fill('[data-cell-id="pirate"] [data-testid="train-steps"]', '40');
    await page.press('[data-cell-id="pirate"] [data-testid="train-steps"]', 'Tab');
    await page.waitForFunction(() => document.querySelector('[data-cell-id="pirate"] [data-testid="cell-status"]')?.getAttribute('data-status') === 'stale', undefined, { timeout: 20_000 });
    const second = await trainRun();
    rows.push({ what: `largest main-thread task, idle 5 s (${idle.tasks} long tasks)`, value: idle.longest, unit: 'ms' });
    rows.push({ what: `… streaming training, first plot in session (${first.tasks} long tasks)`, value: first.longest, unit: 'ms', baseline: idle.longest || undefined });
    rows.push({ what: `… streaming training, plotly loaded (${second.tasks} long tasks)`, value: second.longest, unit: 'ms', baseline: idle.longest || undefined });
  } finally {
    await probeBrowser.close();
    await probeHost.close();
    removeDir(probeHome);
  }
}

const width = Math.max(...rows.map((r) => r.what.length)) + 2;
console.log(`\nStudy benchmark — ${path.relative(repoRoot, notebookSource)} (artifacts in ${workDir})`);
console.log(`${'measure'.padEnd(width)}${'value'.padStart(12)}   ratio to baseline`);
for (const r of rows) {
  const ratio = r.baseline && r.baseline > 0 ? `${(r.value / r.baseline).toFixed(3)}x of ${r.baseline.toFixed(r.unit === 'ms' ? 0 : 1)} ${r.unit}` : '(baseline)';
  console.log(`${r.what.padEnd(width)}${`${r.value.toFixed(r.unit === 'ms' ? 0 : 3)} ${r.unit}`.padStart(12)}   ${ratio}`);
}
process.exit(cold.failed.length > 0 ? 1 : 0);
