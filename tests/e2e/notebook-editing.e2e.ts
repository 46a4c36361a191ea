// A user creates a notebook, writes a markdown cell, saves it (the web host's file browser),
// reloads the page and finds it again, then edits and undoes. Real web host, real Chromium,
// real files. Screenshots: tests/output/editing-{light,dark}.png.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freshHome, launchBrowser, openStudio, removeDir, runE2e, screenshot, startHost, waitForNotebook } from './support/studio.js';
import { cellAt, commandMode, runFromPalette, typeInEditor, waitForCellCount, waitForSaveState } from './support/notebook-page.js';

await runE2e('notebook editing: create, write, save, reload, undo', async (t) => {
  const home = freshHome('editing');
  t.defer(() => removeDir(home));
  const host = await startHost({ home });
  t.defer(() => host.close());
  const browser = await launchBrowser();
  t.defer(() => browser.close());
  const { page, errors } = await openStudio(browser, host.url, { colorScheme: 'light' });
  t.watch(page);
  const notebookFile = path.join(home, 'pirate-study.organism.json');

  await t.step('the default notebook opens with its cells', async () => {
    assert.ok((await page.locator('[data-testid="cell"]').count()) > 0, 'the default notebook should have cells');
    assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
  });

  await t.step('"New notebook" from the palette opens an empty notebook', async () => {
    await runFromPalette(page, 'new notebook');
    await page.waitForSelector('[data-testid="empty-notebook"]');
    await waitForCellCount(page, 0);
  });

  await t.step('add a markdown cell and write in it', async () => {
    await page.click('[data-testid="add-cell-markdown"]');
    await waitForCellCount(page, 1);
    await typeInEditor(page, '# Pirate study\n\nDoes the **backdoor** survive pirate SFT?');
    await page.keyboard.press('Shift+Enter'); // render
    await page.waitForSelector('[data-testid="markdown-editor"]', { state: 'detached' });
    assert.equal(await cellAt(page, 0).locator('[data-testid="markdown-preview"] h1').innerText(), 'Pirate study');
    assert.equal(await cellAt(page, 0).locator('[data-testid="markdown-preview"] strong').innerText(), 'backdoor');
    await waitForSaveState(page, 'unsaved').catch(() => waitForSaveState(page, 'autosaved'));
  });

  await t.step('Ctrl+S on an untitled notebook asks for a path and saves there', async () => {
    await page.keyboard.press('Control+S');
    await page.waitForSelector('[data-testid="file-browser"]');
    await page.fill('[data-testid="file-path"]', notebookFile);
    await page.keyboard.press('Enter');
    await waitForSaveState(page, 'saved');
    assert.ok(existsSync(notebookFile), `the notebook file ${notebookFile} should exist after saving`);
    const saved = JSON.parse(readFileSync(notebookFile, 'utf8')) as { cells: Array<{ kind: string; config: { source?: string } }> };
    assert.equal(saved.cells.length, 1);
    assert.equal(saved.cells[0]?.kind, 'markdown');
    assert.match(saved.cells[0]?.config.source ?? '', /^# Pirate study/);
  });

  await t.step('reloading the page reopens the saved notebook', async () => {
    await page.reload();
    await waitForNotebook(page);
    await waitForCellCount(page, 1);
    assert.equal(await cellAt(page, 0).locator('[data-testid="markdown-preview"] h1').innerText(), 'Pirate study');
    assert.equal(await page.locator('[data-testid="save-state"]').getAttribute('data-state'), 'saved');
  });

  await t.step('an edit can be undone and redone', async () => {
    await cellAt(page, 0).click();
    await page.keyboard.press('Enter'); // edit mode
    await page.locator('[data-testid="markdown-editor"] .cm-content').waitFor();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Yes, mostly.');
    await commandMode(page);
    const preview = cellAt(page, 0).locator('[data-testid="markdown-preview"]');
    await preview.getByText('Yes, mostly.').waitFor();
    await page.waitForSelector('[data-testid="undo"]:not([disabled])');
    await page.click('[data-testid="undo"]');
    await preview.getByText('Yes, mostly.').waitFor({ state: 'detached' });
    assert.match(await preview.innerText(), /survive pirate SFT\?$/);
    await page.click('[data-testid="redo"]');
    await preview.getByText('Yes, mostly.').waitFor();
  });

  await t.step('the Edit / Preview toggle switches a markdown cell between editor and preview', async () => {
    const toggle = cellAt(page, 0).locator('[data-testid="markdown-toggle"]');
    await cellAt(page, 0).hover();
    assert.equal(await toggle.innerText(), 'Edit');
    await toggle.click();
    await page.locator('[data-testid="markdown-editor"]').waitFor();
    assert.equal(await toggle.innerText(), 'Preview');
    await toggle.click();
    await page.locator('[data-testid="markdown-editor"]').waitFor({ state: 'detached' });
    await cellAt(page, 0).locator('[data-testid="markdown-preview"] h1').waitFor();
  });

  await t.step('light and dark screenshots; the theme choice survives a reload', async () => {
    await screenshot(page, 'editing-light');
    await page.click('[data-testid="toggle-theme"]');
    await page.waitForSelector('html[data-theme="dark"]');
    await screenshot(page, 'editing-dark');
    await page.reload();
    await waitForNotebook(page);
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark', 'a manual theme choice should persist');
  });

  await t.step('one exporter: the palette offers "Export report" once (the core writes it; no DOM snapshot)', async () => {
    await page.keyboard.press('Control+Shift+P');
    await page.waitForSelector('[data-testid="palette"]');
    await page.keyboard.type('export');
    const items = await page.locator('[data-testid="palette"] [data-testid="pick-item"]').allInnerTexts();
    const exports = items.filter((text) => /export/i.test(text));
    assert.equal(exports.length, 1, items.join(' | '));
    assert.match(exports[0]!, /Export report/);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="palette"]', { state: 'detached' });
  });

  await t.step('leaving a notebook with unsaved changes asks first', async () => {
    // The redo above left the notebook dirty.
    assert.notEqual(await page.getAttribute('[data-testid="save-state"]', 'data-state'), 'saved');
    page.once('dialog', (dialog) => void dialog.dismiss());
    await runFromPalette(page, 'new notebook');
    await cellAt(page, 0).locator('[data-testid="markdown-preview"] h1').waitFor();
    assert.equal(await page.locator('[data-testid="cell"]').count(), 1, 'declining keeps the notebook open');
    page.once('dialog', (dialog) => void dialog.accept());
    await runFromPalette(page, 'new notebook');
    await page.waitForSelector('[data-testid="empty-notebook"]');
  });

  await t.step('"Open recent" reopens the saved notebook', async () => {
    await runFromPalette(page, 'open recent');
    await page.waitForSelector('[data-testid="list-picker"]');
    const item = page.locator('[data-testid="list-picker"] [data-testid="pick-item"]', { hasText: 'pirate-study.organism.json' });
    await item.click();
    await waitForCellCount(page, 1);
    assert.equal(await cellAt(page, 0).locator('[data-testid="markdown-preview"] h1').innerText(), 'Pirate study');
  });

  await t.step('opening a missing file says so and keeps the notebook', async () => {
    const missing = path.join(home, 'does-not-exist.organism.json');
    await runFromPalette(page, 'open notebook');
    await page.waitForSelector('[data-testid="file-browser"]');
    await page.fill('[data-testid="file-path"]', missing);
    await page.keyboard.press('Enter');
    const notice = page.locator('[data-testid="notice-error"]');
    await notice.waitFor();
    assert.ok((await notice.innerText()).includes('does-not-exist.organism.json'), `the error names the file: ${await notice.innerText()}`);
    assert.equal(await cellAt(page, 0).locator('[data-testid="markdown-preview"] h1').innerText(), 'Pirate study');
  });

  await t.step('no page or console errors', async () => {
    assert.deepEqual(errors, []);
  });
});
