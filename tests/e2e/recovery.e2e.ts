// Crash recovery: an unsaved edit is autosaved to a recovery file; the host then dies without
// saving (we close it, which keeps recovery files, exactly as a crash leaves them). A new host on
// the same home reopens the notebook and the UI offers Restore / Discard.
// Screenshots: tests/output/recovery-banner-{light,dark}.png.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { WebHost } from '../../electron/web/web-host.js';
import { freshHome, launchBrowser, openStudio, removeDir, runE2e, screenshot, startHost, type E2eContext } from './support/studio.js';
import { cellAt, commandMode, waitForSaveState } from './support/notebook-page.js';

const MARK = 'UNSAVED-EDIT-42';

/** A small notebook of our own, so the test does not depend on the bundled default's contents. */
function writeNotebook(home: string): string {
  const file = path.join(home, 'recovery.organism.json');
  const cell = (id: string, source: string) => ({ id, kind: 'markdown', name: id, config: { source }, inputs: {}, output: null, metadata: {} });
  const cells = [cell('intro', '# Recovery probe\n\nEdits here are autosaved.'), cell('notes', 'Second cell.')];
  writeFileSync(file, JSON.stringify({ format: 'organism-studio-notebook', version: 1, title: 'Recovery probe', cells, metadata: {} }));
  return file;
}

/** Open the studio, append MARK to the first cell, wait for the autosave, then "crash" the host. */
async function editThenCrash(browser: Browser, home: string, notebookPath: string, t: E2eContext): Promise<void> {
  const host = await startHost({ home, notebookPath, autosaveDelayMs: 150 });
  const { page, context } = await openStudio(browser, host.url);
  t.watch(page);
  await cellAt(page, 0).click();
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="markdown-editor"] .cm-content').waitFor();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(` ${MARK}`);
  await commandMode(page);
  await waitForSaveState(page, 'autosaved');
  await host.close(); // no save: the recovery file stays behind
  await context.close();
}

async function reopen(
  browser: Browser,
  home: string,
  notebookPath: string,
  colorScheme: 'light' | 'dark',
  t: E2eContext,
): Promise<{ host: WebHost; page: Page; errors: string[] }> {
  const host = await startHost({ home, notebookPath });
  t.defer(() => host.close());
  const { page, errors, context } = await openStudio(browser, host.url, { colorScheme });
  t.defer(() => context.close());
  t.watch(page);
  return { host, page, errors };
}

const firstCellText = (page: Page): Promise<string> => cellAt(page, 0).locator('[data-testid="markdown-preview"]').innerText();

await runE2e('crash recovery banner', async (t) => {
  const home = freshHome('recovery');
  t.defer(() => removeDir(home));
  const notebookPath = writeNotebook(home);
  const browser = await launchBrowser();
  t.defer(() => browser.close());

  await t.step('an unsaved edit is autosaved, then the host dies', async () => {
    await editThenCrash(browser, home, notebookPath, t);
  });

  await t.step('reopening offers the recovered changes; Restore brings them back', async () => {
    const { page, errors } = await reopen(browser, home, notebookPath, 'light', t);
    await page.waitForSelector('[data-testid="recovery-banner"]');
    assert.ok(!(await firstCellText(page)).includes(MARK), 'before restoring, the saved file is shown');
    await screenshot(page, 'recovery-banner-light');
    await page.click('[data-testid="restore-recovery"]');
    await page.waitForSelector('[data-testid="recovery-banner"]', { state: 'detached' });
    assert.ok((await firstCellText(page)).includes(MARK), 'after restoring, the unsaved edit is back');
    assert.notEqual(await page.getAttribute('[data-testid="save-state"]', 'data-state'), 'saved', 'restored changes are unsaved');
    await page.keyboard.press('Control+S');
    await waitForSaveState(page, 'saved');
    assert.deepEqual(errors, []);
  });

  await t.step('Discard drops the recovered changes and keeps the saved notebook', async () => {
    await editThenCrash(browser, home, notebookPath, t);
    const { page, errors } = await reopen(browser, home, notebookPath, 'dark', t);
    await page.waitForSelector('[data-testid="recovery-banner"]');
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark', 'with no manual choice the theme follows prefers-color-scheme');
    await screenshot(page, 'recovery-banner-dark');
    const before = await firstCellText(page);
    assert.equal(before.split(MARK).length - 1, 1, 'the saved file holds the one restored-and-saved mark');
    await page.click('[data-testid="discard-recovery"]');
    await page.waitForSelector('[data-testid="recovery-banner"]', { state: 'detached' });
    assert.equal(await firstCellText(page), before);
    assert.deepEqual(errors, []);
  });
});
