// Shared e2e plumbing: a real web host on a fresh temp home, real Chromium via playwright-core,
// and a page that fails the test on any uncaught page error or console error.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startWebHost, type WebHost, type WebHostOptions } from '../../../electron/web/web-host.js';
import { ensureRendererBuilt, repoRoot } from './build-renderer.js';

export const outputDir = path.join(repoRoot, 'tests', 'output');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function freshHome(label: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `organism-e2e-${label}-`));
}

export async function startHost(options: WebHostOptions & { home: string }): Promise<WebHost> {
  ensureRendererBuilt();
  return startWebHost({ port: 0, ...options });
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface StudioPage {
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors seen so far (tests assert this stays empty). */
  errors: string[];
}

/** Open the studio at `url` in a new context and wait for the notebook to render. */
export async function openStudio(
  browser: Browser,
  url: string,
  options: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {},
): Promise<StudioPage> {
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1280, height: 860 },
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  await page.goto(url);
  await waitForNotebook(page);
  return { context, page, errors };
}

export async function waitForNotebook(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="notebook"], [data-testid="boot-error"]', { timeout: 30_000 });
  const bootError = await page.$('[data-testid="boot-error"]');
  if (bootError) throw new Error(`The app failed to start: ${await bootError.innerText()}`);
  // The first frame draws the first screenful; the other cells are placeholders until two frames
  // later (NotebookView.svelte). Tests start once every cell is drawn.
  await page.waitForFunction(() => document.querySelector('[data-testid="notebook"] div.placeholder[data-testid="cell"]') === null, undefined, { timeout: 30_000 });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(outputDir, { recursive: true });
  const file = path.join(outputDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Run an e2e script: each step is logged; the first failure prints its error and sets exit
 * code 1; cleanups always run (browser, hosts, temp dirs) in reverse order.
 */
export async function runE2e(name: string, body: (t: E2eContext) => Promise<void>): Promise<void> {
  const cleanups: Array<() => Promise<void> | void> = [];
  const watched: Page[] = [];
  const t: E2eContext = {
    watch: (page) => void watched.push(page),
    step: async (label, fn) => {
      const started = Date.now();
      process.stdout.write(`  • ${label} … `);
      try {
        await fn();
      } catch (error) {
        process.stdout.write('FAILED\n');
        throw error;
      }
      process.stdout.write(`ok (${Date.now() - started} ms)\n`);
    },
    defer: (fn) => void cleanups.push(fn),
  };
  console.log(`[e2e] ${name}`);
  try {
    await body(t);
    console.log(`[e2e] ${name}: passed`);
  } catch (error) {
    console.error(`[e2e] ${name}: FAILED\n`, error);
    process.exitCode = 1;
    for (const [index, page] of watched.entries()) {
      if (page.isClosed()) continue;
      const file = await screenshot(page, `FAILED-${slug(name)}-${index}`).catch(() => null);
      if (file) console.error(`[e2e] screenshot at failure: ${file}`);
    }
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error('[e2e] cleanup failed:', error);
      }
    }
  }
}

/**
 * The usual start of a test: a web host on `home` with `notebookPath`, Chromium, the studio open and
 * watched (screenshot on failure); everything closed when the test ends.
 */
export async function openOn(t: E2eContext, options: WebHostOptions & { home: string }, view: Parameters<typeof openStudio>[2] = {}): Promise<StudioPage & { host: WebHost; browser: Browser }> {
  const host = await startHost(options);
  t.defer(() => host.close());
  const browser = await launchBrowser();
  t.defer(() => browser.close());
  const studio = await openStudio(browser, host.url, view);
  t.watch(studio.page);
  return { ...studio, host, browser };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 40);
}

export interface E2eContext {
  /** Screenshot this page into tests/output/ if the test fails. */
  watch: (page: Page) => void;
  step: (label: string, fn: () => Promise<void>) => Promise<void>;
  /** Register a cleanup that runs at the end, pass or fail. */
  defer: (fn: () => Promise<void> | void) => void;
}
