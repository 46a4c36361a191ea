// An exported HTML report whose every notebook string is a script-running payload (title, cell
// ids, names, kinds, markdown, figure titles, errors, results), opened from disk in real Chromium:
// the report's own scripts run (plots drawn) and no payload does (no handler, no injected script,
// no javascript: URL, no dialog). Screenshot: tests/output/report-no-script-e2e.png.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderReportHtml } from '../../electron/core/report/html.js';
import type { ReportData } from '../../electron/core/report/collect.js';
import { PAYLOADS, hostileReport } from '../unit/report/support/hostile-report.js';
import { launchBrowser, removeDir, runE2e, screenshot } from './support/studio.js';

await runE2e('an exported report runs no script from the notebook', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'organism-e2e-report-'));
  t.defer(() => removeDir(dir));
  // One report holding every payload class at once (each in every context).
  const parts = PAYLOADS.map((payload, i) => hostileReport(payload, i));
  const report: ReportData = { ...(parts[0] as ReportData), title: PAYLOADS.join(' '), cells: parts.flatMap((p) => p.cells) };
  const file = path.join(dir, 'hostile.report.html');
  writeFileSync(file, (await renderReportHtml(report)).html);

  const browser = await launchBrowser();
  t.defer(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  t.watch(page);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await t.step('the report loads and its own scripts draw every plot under its CSP', async () => {
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => (window as unknown as { __plotsReady?: boolean }).__plotsReady === true, undefined, { timeout: 60_000 });
    assert.equal(await page.locator('.plot .main-svg').count() > 0, true, 'plotly drew nothing: the CSP blocked the report’s own script');
    assert.deepEqual(pageErrors, []);
  });

  await t.step('no payload ran: no handler, no injected script, no javascript: URL, no dialog', async () => {
    // Give handlers (onerror of images that fail to load, onload of SVG) time to fire if they could.
    await page.waitForLoadState('load');
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    // Links are followed too: a javascript: href that survived would run now.
    for (const link of await page.locator('a[href]').all()) await link.click({ force: true, timeout: 2000 }).catch(() => undefined);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined, 'a payload ran');
    assert.deepEqual(dialogs, []);
    // None of the payloads' elements exist as elements: they are text.
    assert.equal(await page.locator('img[onerror], svg[onload], iframe, base, form, math').count(), 0);
    assert.ok((await page.locator('body > h1').first().innerText()).includes('<img src=x onerror='), 'the title is shown as text');
    await screenshot(page, 'report-no-script-e2e');
  });
});
