// Start-up benchmark (issue 15, item 1): process spawn → URL printed, → first contentful paint and
// → first cell visible, in headless Chromium, for `npm start` (its web mode: this machine has no
// Electron binary; with one installed the bench passes --web so it still measures a browser), the
// same script without npm (`node scripts/start.mjs`, to show npm's own share), the bare web host
// bundle, and the web host through tsx (how `npm start` ran it before the bundle), on the default
// study, with an already set-up clone and an existing home (one warm-up run per host, not
// reported). Next to them, Jupyter Notebook opening a one-cell notebook when `jupyter-notebook` is
// installed. Chromium is started once beforehand and its tab is open before the host is spawned
// (a browser already open, the URL pasted into it): neither is counted. A second table splits the
// page's part with the renderer's own performance marks (early-start.ts).
// Run: node --import tsx tests/bench/startup.bench.ts   (or npm run bench -- startup)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ensureRendererBuilt } from '../../scripts/lib/bootstrap.mjs';
import { ensureWebHostBuilt } from '../../scripts/lib/build-web-host.mjs';
import { launchBrowser } from '../e2e/support/studio.js';
import { repoRoot } from '../e2e/support/build-renderer.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Pause after opening the tab, before the spawn (not timed). */
const TAB_SETTLE_MS = 300;
const WEB_HOST_URL = /open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/;

interface Candidate {
  label: string;
  command: string;
  args: (home: string) => string[];
  urlPattern: RegExp;
  /** In-page test: the first cell is in the DOM with a size (what the user sees; a placeholder box is not a cell). */
  cellSelector: string;
  /** The URL to open, from the printed one (Jupyter prints the tree; we open the notebook). */
  pageUrl?: (printed: string) => string;
}

interface Round {
  urlMs: number;
  /** The HTML received (navigation responseEnd). */
  htmlMs: number;
  /** The renderer queued its notebook request / received the notebook (null: not our renderer). */
  requestedMs: number | null;
  receivedMs: number | null;
  paintMs: number;
  cellMs: number;
}

/** The renderer's start-up marks (renderer/src/early-start.ts START_MARKS). */
const MARKS = { requested: 'studio:notebook-requested', received: 'studio:notebook-received' } as const;

/** Start `candidate` in its own process group; resolves with the URL it prints. */
function spawnHost(candidate: Candidate, home: string): Promise<{ child: ChildProcess; url: string; spawnedAt: number; output: string }> {
  return new Promise((resolve, reject) => {
    const spawnedAt = Date.now();
    const child = spawn(candidate.command, candidate.args(home), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const match = candidate.urlPattern.exec(out);
      if (match?.[1]) resolve({ child, url: match[1], spawnedAt, output: out });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${candidate.label} exited (code ${code}) before printing its URL:\n${out}`)));
  });
}

function stopGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve();
    child.once('exit', () => resolve());
    process.kill(-child.pid, 'SIGTERM');
  });
}

/** One timed start, or null when `npm start` had to rebuild (someone edited a source meanwhile). */
async function measure(browser: Browser, candidate: Candidate, home: string): Promise<Round | null> {
  await ensureRendererBuilt(); // `npm start`'s own check: builds outside the timed run, as on a set-up clone
  await ensureWebHostBuilt();
  // The tab is open before the host starts (a browser context is not something a user waits for),
  // and idle: its renderer process is up and has settled, so starting it does not compete with
  // the host for the 2 cores (it did: the bare host's URL came 0.3 s later than without it).
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await page.evaluate('1');
  await new Promise((resolve) => setTimeout(resolve, TAB_SETTLE_MS));
  const started = await spawnHost(candidate, home).catch(async (error: unknown) => {
    await context.close();
    throw error;
  });
  const { child, url, spawnedAt, output } = started;
  if (/Building the renderer|Bundling the web host/.test(output)) {
    await context.close();
    await stopGroup(child);
    return null;
  }
  const urlMs = Date.now() - spawnedAt;
  try {
    await page.goto(candidate.pageUrl ? candidate.pageUrl(url) : url, { waitUntil: 'commit' });
    // Timestamps are taken in the page (epoch ms), so CDP round trips are not counted.
    const cellAt = (await (
      await page.waitForFunction(
        (selector) => {
          const cell = document.querySelector(selector);
          return cell && cell.getBoundingClientRect().height > 0 ? performance.timeOrigin + performance.now() : null;
        },
        candidate.cellSelector,
        { polling: 'raf', timeout: 60_000 },
      )
    ).jsonValue()) as number;
    // The frame that shows the first cell may be the first paint, reported only after it is drawn.
    // A function, not a string: the page's CSP (script-src 'self') refuses a string predicate's eval.
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, undefined, { timeout: 10_000 });
    // A string, not a function: tsx would wrap an inner function in a helper the page lacks.
    const at = (await page.evaluate(`(() => {
      const epoch = (entry) => (entry ? performance.timeOrigin + entry.startTime : null);
      const navigation = performance.getEntriesByType('navigation')[0];
      return {
        paint: epoch(performance.getEntriesByName('first-contentful-paint')[0]),
        html: navigation ? performance.timeOrigin + navigation.responseEnd : null,
        requested: epoch(performance.getEntriesByName(${JSON.stringify(MARKS.requested)})[0]),
        received: epoch(performance.getEntriesByName(${JSON.stringify(MARKS.received)})[0]),
      };
    })()`)) as { paint: number | null; html: number | null; requested: number | null; received: number | null };
    if (at.paint === null || at.html === null) throw new Error(`${candidate.label}: the browser reported no first-contentful-paint or navigation timing`);
    const since = (epoch: number | null): number | null => (epoch === null ? null : epoch - spawnedAt);
    return { urlMs, htmlMs: at.html - spawnedAt, requestedMs: since(at.requested), receivedMs: since(at.received), paintMs: at.paint - spawnedAt, cellMs: cellAt - spawnedAt };
  } finally {
    await context.close();
    await stopGroup(child);
  }
}

function candidates(): Candidate[] {
  const electronInstalled = spawnSync(process.execPath, ['-e', "process.exit(require('node:fs').existsSync(require('electron')) ? 0 : 1)"], { cwd: repoRoot }).status === 0;
  const npmArgs = electronInstalled ? ['start', '--', '--web'] : ['start', '--'];
  const list: Candidate[] = [
    {
      label: `npm start (web host${electronInstalled ? ', --web' : ': no Electron binary'})`,
      command: 'npm',
      args: (h) => [...npmArgs, '--home', h],
      urlPattern: WEB_HOST_URL,
      cellSelector: 'article[data-testid="cell"]',
    },
    {
      label: 'node scripts/start.mjs (npm start without npm)',
      command: process.execPath,
      args: (h) => ['scripts/start.mjs', ...(electronInstalled ? ['--web'] : []), '--home', h],
      urlPattern: WEB_HOST_URL,
      cellSelector: 'article[data-testid="cell"]',
    },
    {
      label: 'bare host: node build/web/serve.cjs',
      command: process.execPath,
      args: (h) => ['build/web/serve.cjs', '--home', h],
      urlPattern: WEB_HOST_URL,
      cellSelector: 'article[data-testid="cell"]',
    },
    {
      label: 'host from source via tsx (before)',
      command: process.execPath,
      args: (h) => ['--import', 'tsx', 'electron/web/serve.ts', '--home', h],
      urlPattern: WEB_HOST_URL,
      cellSelector: 'article[data-testid="cell"]',
    },
  ];
  return existsSync(path.join(repoRoot, 'build', 'web', 'serve.cjs')) ? list : list.filter((c) => !c.label.startsWith('bare host'));
}

function jupyterCandidate(dir: string): Candidate | null {
  if (spawnSync('sh', ['-c', 'command -v jupyter-notebook']).status !== 0) return null;
  const notebook = { cells: [{ cell_type: 'markdown', metadata: {}, source: ['# One cell'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 };
  writeFileSync(path.join(dir, 'one.ipynb'), JSON.stringify(notebook));
  return {
    label: 'Jupyter Notebook (jupyter-notebook)',
    command: 'jupyter-notebook',
    args: () => ['--no-browser', '--port=0', `--notebook-dir=${dir}`],
    urlPattern: /(http:\/\/(?:127\.0\.0\.1|localhost):\d+\/\S*\?token=\w+)/,
    cellSelector: '.jp-Cell, .cell',
    pageUrl: (printed) => {
      const url = new URL(printed);
      url.pathname = url.pathname.replace(/\/(tree|lab)?\/?$/, '/') + 'notebooks/one.ipynb';
      return url.toString();
    },
  };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const cellText = (values: number[]): string => `${(median(values) / 1000).toFixed(2)} s (${(Math.min(...values) / 1000).toFixed(2)}-${(Math.max(...values) / 1000).toFixed(2)})`;
/** Median of a mark that only our renderer sets; a dash for other pages. */
const markText = (values: Array<number | null>): string => {
  const known = values.filter((value): value is number => value !== null);
  return known.length === values.length ? `${(median(known) / 1000).toFixed(2)} s` : '—';
};

async function main(): Promise<void> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'organism-bench-startup-'));
  const homes = new Map<string, string>();
  const homeFor = (label: string): string => {
    if (!homes.has(label)) homes.set(label, mkdtempSync(path.join(scratch, 'home-')));
    return homes.get(label) as string;
  };
  const list = candidates();
  const jupyter = jupyterCandidate(scratch);
  if (jupyter) list.push(jupyter);
  const browser = await launchBrowser();
  const results = new Map<string, Round[]>(list.map((c) => [c.label, []]));
  try {
    for (const candidate of list) await measure(browser, candidate, homeFor(candidate.label)); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved so drift on the shared CPU affects every host alike.
      for (const candidate of list) {
        let round: Round | null = null;
        for (let attempt = 0; round === null && attempt < 5; attempt++) round = await measure(browser, candidate, homeFor(candidate.label));
        if (round === null) throw new Error(`${candidate.label} rebuilt a bundle on 5 tries in a row: stop editing sources while benchmarking`);
        results.get(candidate.label)?.push(round);
      }
    }
  } finally {
    await browser.close();
    rmSync(scratch, { recursive: true, force: true });
  }

  console.log(`\nStart-up — median (min-max) of ${ROUNDS} runs, from process spawn; default study; Chromium already running`);
  console.log(`${'host'.padEnd(46)}${'URL printed'.padStart(22)}${'first paint'.padStart(22)}${'first cell visible'.padStart(22)}`);
  for (const [label, rounds] of results) {
    console.log(`${label.padEnd(46)}${cellText(rounds.map((r) => r.urlMs)).padStart(22)}${cellText(rounds.map((r) => r.paintMs)).padStart(22)}${cellText(rounds.map((r) => r.cellMs)).padStart(22)}`);
  }
  console.log(`\nWhere the time goes — medians from spawn (same runs): HTML received, the renderer's notebook request queued (early-start.ts), the notebook received, first cell visible`);
  console.log(`${'host'.padEnd(46)}${'URL'.padStart(9)}${'HTML'.padStart(9)}${'requested'.padStart(11)}${'received'.padStart(10)}${'cell'.padStart(9)}`);
  for (const [label, rounds] of results) {
    const m = (values: number[]): string => `${(median(values) / 1000).toFixed(2)} s`;
    console.log(
      `${label.padEnd(46)}${m(rounds.map((r) => r.urlMs)).padStart(9)}${m(rounds.map((r) => r.htmlMs)).padStart(9)}${markText(rounds.map((r) => r.requestedMs)).padStart(11)}${markText(rounds.map((r) => r.receivedMs)).padStart(10)}${m(rounds.map((r) => r.cellMs)).padStart(9)}`,
    );
  }
  const npmRow = [...results].find(([label]) => label.startsWith('npm start'))?.[1];
  const scriptRow = [...results].find(([label]) => label.startsWith('node scripts/start.mjs'))?.[1];
  if (npmRow && scriptRow) console.log(`npm's own share (npm start vs node scripts/start.mjs, URL printed): ${((median(npmRow.map((r) => r.urlMs)) - median(scriptRow.map((r) => r.urlMs))) / 1000).toFixed(2)} s`);
  if (!jupyter) console.log('Jupyter Notebook: not measured — `jupyter-notebook` is not installed on this machine.');
  const bare = [...results].find(([label]) => label.startsWith('bare host'))?.[1];
  const tsx = [...results].find(([label]) => label.includes('tsx'))?.[1];
  if (bare && tsx) console.log(`bundle vs tsx, first cell visible: ${(median(tsx.map((r) => r.cellMs)) / median(bare.map((r) => r.cellMs))).toFixed(2)}x faster`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
