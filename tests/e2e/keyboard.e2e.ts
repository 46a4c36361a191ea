// Jupyter-style keys on the real UI: A/B add (via the kind picker), J/K/arrows move, D D
// deletes, Z / Shift+Z undo and redo, Shift+Enter renders and advances, Ctrl+S saves, the
// command palette filters and runs commands, and host menu commands (`app.command`) work.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { freshHome, launchBrowser, openStudio, removeDir, runE2e, startHost } from './support/studio.js';
import {
  cellIds,
  commandMode,
  runFromPalette,
  selectedIndex,
  typeInEditor,
  waitForCellCount,
  waitUntil,
  waitForSaveState,
} from './support/notebook-page.js';

/** The rendered text of every cell, in order (textContent: innerText is '' for cells the
 *  browser has not laid out yet under content-visibility: auto). */
async function texts(page: Page): Promise<string[]> {
  return (await page.locator('[data-testid="cell"] [data-testid="markdown-preview"]').allTextContents()).map((text) => text.trim());
}

/** Press A or B, pick Markdown in the kind picker, type, and render with Shift+Enter. */
async function addMarkdown(page: Page, key: 'a' | 'b', text: string, expectedCount: number): Promise<void> {
  await page.keyboard.press(key);
  await page.waitForSelector('[data-testid="kind-picker"]');
  await page.keyboard.type('markdown');
  await page.keyboard.press('Enter');
  await waitForCellCount(page, expectedCount);
  await typeInEditor(page, text);
  await commandMode(page);
}

await runE2e('keyboard shortcuts', async (t) => {
  const home = freshHome('keys');
  t.defer(() => removeDir(home));
  const host = await startHost({ home });
  t.defer(() => host.close());
  const browser = await launchBrowser();
  t.defer(() => browser.close());
  const { page, errors } = await openStudio(browser, host.url);
  t.watch(page);

  await t.step('start from an empty notebook', async () => {
    await runFromPalette(page, 'new notebook');
    await waitForCellCount(page, 0);
  });

  await t.step('B adds below, A adds above (kind picker, then type and Esc)', async () => {
    await addMarkdown(page, 'b', 'first', 1);
    await addMarkdown(page, 'b', 'third', 2);
    await addMarkdown(page, 'a', 'second', 3);
    assert.deepEqual(await texts(page), ['first', 'second', 'third']);
    assert.equal(await selectedIndex(page), 1, 'the new cell is selected');
  });

  await t.step('J/K and the arrow keys move the selection', async () => {
    await page.keyboard.press('k');
    assert.equal(await selectedIndex(page), 0);
    await page.keyboard.press('k'); // stays at the top
    assert.equal(await selectedIndex(page), 0);
    await page.keyboard.press('j');
    await page.keyboard.press('ArrowDown');
    assert.equal(await selectedIndex(page), 2);
    await page.keyboard.press('ArrowUp');
    assert.equal(await selectedIndex(page), 1);
  });

  await t.step('D D deletes, Z undoes, Shift+Z redoes', async () => {
    const before = await cellIds(page);
    await page.keyboard.press('d');
    await page.keyboard.press('d');
    await waitForCellCount(page, 2);
    assert.deepEqual(await texts(page), ['first', 'third']);
    await page.keyboard.press('z');
    await waitForCellCount(page, 3);
    assert.deepEqual(await texts(page), ['first', 'second', 'third']);
    assert.deepEqual(await cellIds(page), before, 'undo restores the same cell (same id)');
    await page.keyboard.press('Shift+Z');
    await waitForCellCount(page, 2);
    await page.keyboard.press('z');
    await waitForCellCount(page, 3);
  });

  await t.step('a single D does not delete', async () => {
    await page.keyboard.press('d');
    await page.keyboard.press('j');
    await page.waitForTimeout(100); // let any (wrong) edit round-trip before counting
    assert.equal((await cellIds(page)).length, 3);
  });

  await t.step('Enter edits, Shift+Enter renders and selects the next cell', async () => {
    await page.keyboard.press('k'); // select "second" (index 1)
    assert.equal(await selectedIndex(page), 1);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="notebook"][data-mode="edit"]');
    // CodeMirror is loaded lazily: keys typed before the editor has focus would go nowhere.
    await page.waitForSelector('[data-testid="markdown-editor"] .cm-editor.cm-focused');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' edited');
    await page.keyboard.press('Shift+Enter');
    await page.waitForSelector('[data-testid="markdown-editor"]', { state: 'detached' });
    assert.deepEqual(await texts(page), ['first', 'second edited', 'third']);
    assert.equal(await selectedIndex(page), 2);
    assert.equal(await page.getAttribute('[data-testid="notebook"]', 'data-mode'), 'command');
  });

  await t.step('Ctrl+Shift+Down/Up move the selected cell; O collapses it; duplicate copies it', async () => {
    await page.keyboard.press('k'); // "second edited" (index 1)
    const ids = await cellIds(page);
    await page.keyboard.press('Control+Shift+ArrowDown');
    await waitUntil('the move', async () => (await cellIds(page))[2] === ids[1]);
    assert.deepEqual(await texts(page), ['first', 'third', 'second edited']);
    assert.equal(await selectedIndex(page), 2, 'the moved cell stays selected');
    await page.keyboard.press('Control+Shift+ArrowUp');
    await waitUntil('the move back', async () => (await cellIds(page))[1] === ids[1]);
    assert.deepEqual(await cellIds(page), ids);

    await page.keyboard.press('o');
    await page.locator('[data-testid="cell"].selected [data-testid="collapsed-note"]').waitFor();
    assert.equal(await page.locator('[data-testid="cell"].selected [data-testid="markdown-preview"]').count(), 0);
    await page.keyboard.press('o');
    await page.locator('[data-testid="cell"].selected [data-testid="markdown-preview"]').waitFor();

    await runFromPalette(page, 'duplicate');
    await waitForCellCount(page, 4);
    assert.deepEqual(await texts(page), ['first', 'second edited', 'second edited', 'third']);
    const names = await page.locator('[data-testid="cell-name"]').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
    assert.equal(new Set(names).size, names.length, `cell names stay unique after duplicating: ${names.join(', ')}`);
    await page.keyboard.press('z');
    await waitForCellCount(page, 3);
  });

  await t.step('Ctrl+S saves (path prompt the first time, then straight to the file)', async () => {
    const file = path.join(home, 'keys.organism.json');
    await page.keyboard.press('Control+S');
    await page.waitForSelector('[data-testid="file-browser"]');
    await page.fill('[data-testid="file-path"]', file);
    await page.keyboard.press('Enter');
    await waitForSaveState(page, 'saved');
    assert.ok(existsSync(file));
    await addMarkdown(page, 'b', 'fourth', 4);
    await page.keyboard.press('Control+S');
    await waitForSaveState(page, 'saved');
    assert.equal(await page.locator('[data-testid="file-browser"]').count(), 0, 'a saved notebook saves without asking');
  });

  await t.step('the palette fuzzy-filters every command and runs one', async () => {
    await page.keyboard.press('Control+Shift+P');
    await page.waitForSelector('[data-testid="palette"]');
    const all = await page.locator('[data-testid="pick-item"]').count();
    await page.keyboard.type('rn stl');
    const first = await page.locator('[data-testid="pick-item"]').first().getAttribute('data-id');
    assert.equal(first, 'run-stale');
    assert.ok((await page.locator('[data-testid="pick-item"]').count()) < all, 'typing narrows the list');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="palette"]', { state: 'detached' });

    const themeBefore = await page.getAttribute('html', 'data-theme');
    await runFromPalette(page, 'toggle theme');
    assert.notEqual(await page.getAttribute('html', 'data-theme'), themeBefore);
    await runFromPalette(page, 'add markdown cell');
    await waitForCellCount(page, 5);
    await commandMode(page);
  });

  await t.step('host menu commands (app.command events) run the same command table', async () => {
    const themeBefore = await page.getAttribute('html', 'data-theme');
    host.core.emit('app.command', { command: 'toggle-theme' });
    await waitUntil('the theme to flip', async () => (await page.getAttribute('html', 'data-theme')) !== themeBefore);
    host.core.emit('app.command', { command: 'undo' });
    await waitForCellCount(page, 4);
  });

  await t.step('the + line between two cells inserts a cell right there', async () => {
    await commandMode(page);
    const before = await cellIds(page);
    const insert = page.locator('[data-testid="insert-cell"]').first(); // between cells 0 and 1
    await insert.hover();
    await insert.click();
    await page.waitForSelector('[data-testid="kind-picker"]');
    await page.keyboard.type('markdown');
    await page.keyboard.press('Enter');
    await waitForCellCount(page, before.length + 1);
    const after = await cellIds(page);
    assert.equal(after[0], before[0]);
    assert.ok(!before.includes(after[1] ?? ''), 'the new cell is second');
    assert.equal(after[2], before[1]);
    // The new markdown cell opens in its editor once the core's reply selects it; the cell itself
    // can show a moment earlier (the document.changed event may come first), and an Esc pressed
    // in between would be undone by that selection.
    await page.waitForSelector('[data-testid="notebook"][data-mode="edit"] [data-testid="markdown-editor"]');
    assert.equal(await selectedIndex(page), 1, 'the new cell is selected');
    await commandMode(page);
  });

  await t.step('no page or console errors', async () => {
    assert.deepEqual(errors, []);
  });
});
