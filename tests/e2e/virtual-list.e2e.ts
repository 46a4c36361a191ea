// A 10,000-cell notebook renders only the cells near the viewport (and the selected one): `j`
// moves the selection and keeps it on screen, the end of the notebook scrolls into view and can
// be edited and saved, a reload comes back to the selected cell; a notebook with a 1 MB markdown
// cell paints a placeholder first and the cell after. Screenshot: tests/output/virtual-list-e2e.png.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { writeNotebookFile } from '../../electron/core/notebook/notebook-files.js';
import type { Cell } from '../../electron/shared/notebook-schema.js';
import { commandMode, selectedCell, waitForSaveState, waitUntil } from './support/notebook-page.js';
import { freshHome, openOn, removeDir, runE2e, screenshot, startHost } from './support/studio.js';

const CELLS = 10_000;
const markdown = (i: number, source = `## Note ${i}\n\nRun ${i}: the backdoor rate fell.`): Cell => ({
  id: `c${i}`,
  kind: 'markdown',
  name: `note_${i}`,
  config: { source },
  inputs: {},
  output: null,
  metadata: {},
});
const rendered = (page: Page) => page.locator('article[data-testid="cell"]');

async function onScreen(page: Page, id: string): Promise<boolean> {
  const box = await page.locator(`article[data-cell-id="${id}"]`).boundingBox();
  const viewport = page.viewportSize();
  return box !== null && viewport !== null && box.y >= 0 && box.y + Math.min(box.height, 100) <= viewport.height;
}

await runE2e(`virtual cell list (${CELLS} cells) and a heavy cell`, async (t) => {
  const home = freshHome('virtual');
  t.defer(() => removeDir(home));
  const file = path.join(home, 'long.organism.json');
  await writeNotebookFile(file, { format: 'organism-studio-notebook', version: 1, title: 'Ten thousand', cells: Array.from({ length: CELLS }, (_, i) => markdown(i)), metadata: {} });
  const { page, errors, browser } = await openOn(t, { home, notebookPath: file });

  await t.step('only a window of cells is rendered, the rest are spacers', async () => {
    await rendered(page).first().waitFor();
    const count = await rendered(page).count();
    assert.ok(count > 5 && count < 120, `rendered ${count} of ${CELLS} cells`);
    assert.ok((await page.locator('[data-testid="cells-not-rendered"]').count()) >= 1);
    const height = (await page.locator('[data-testid="notebook"]').evaluate((el) => el.scrollHeight)) as number;
    assert.ok(height > CELLS * 50, `the scroll height stands for every cell (${height} px)`);
  });

  await t.step('j moves the selection one cell at a time and keeps it on screen', async () => {
    await page.locator('article[data-cell-id="c0"]').click();
    await commandMode(page);
    for (let i = 0; i < 30; i++) await page.keyboard.press('j');
    await waitUntil('c30 selected', async () => (await selectedCell(page).getAttribute('data-cell-id')) === 'c30');
    assert.ok(await onScreen(page, 'c30'), 'the selected cell is on screen');
    for (let i = 0; i < 3; i++) await page.keyboard.press('k');
    await waitUntil('c27 selected', async () => (await selectedCell(page).getAttribute('data-cell-id')) === 'c27');
  });

  await t.step('the end of the notebook scrolls into view and can be edited and saved', async () => {
    await page.locator('[data-testid="notebook"]').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    const last = page.locator(`article[data-cell-id="c${CELLS - 1}"]`);
    await last.waitFor({ timeout: 10_000 });
    await last.click();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="markdown-editor"] .cm-content').waitFor();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' LAST-EDIT');
    await commandMode(page);
    await last.getByText('LAST-EDIT').waitFor();
    await page.keyboard.press('Control+S');
    await waitForSaveState(page, 'saved');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { cells: Cell[] };
    assert.equal(saved.cells.length, CELLS);
    assert.match(String(saved.cells.at(-1)?.config['source']), /LAST-EDIT$/);
    await screenshot(page, 'virtual-list-e2e');
  });

  await t.step('a reload comes back to the selected cell, far down the list', async () => {
    await page.reload();
    await waitUntil('the selection to come back', async () => (await selectedCell(page).getAttribute('data-cell-id').catch(() => null)) === `c${CELLS - 1}`, 20_000);
    await waitUntil('the selected cell on screen', () => onScreen(page, `c${CELLS - 1}`), 10_000);
  });

  await t.step('a 1 MB markdown cell paints as a placeholder first, then renders', async () => {
    const heavy = path.join(home, 'heavy.organism.json');
    const source = `# Big\n\n${'The organism keeps its backdoor after pirate SFT. '.repeat(20_000)}`;
    await writeNotebookFile(heavy, { format: 'organism-studio-notebook', version: 1, title: 'Heavy', cells: [markdown(0, source), markdown(1)], metadata: {} });
    const heavyHost = await startHost({ home, notebookPath: heavy });
    t.defer(() => heavyHost.close());
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    t.defer(() => context.close());
    const heavyPage = await context.newPage();
    t.watch(heavyPage);
    const heavyErrors: string[] = [];
    heavyPage.on('pageerror', (error) => heavyErrors.push(error.message));
    // Record the order in which the big cell's placeholder and its real frame enter the page.
    await heavyPage.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __seen: string[] }).__seen = seen;
      new MutationObserver(() => {
        if (!seen.includes('placeholder') && document.querySelector('div.placeholder[data-cell-id="c0"]')) seen.push('placeholder');
        if (!seen.includes('cell') && document.querySelector('article[data-cell-id="c0"]')) seen.push('cell');
      }).observe(document, { childList: true, subtree: true });
    });
    await heavyPage.goto(heavyHost.url);
    await heavyPage.locator('article[data-cell-id="c0"] [data-testid="markdown-preview"] h1').waitFor({ timeout: 60_000 });
    assert.deepEqual(await heavyPage.evaluate('window.__seen'), ['placeholder', 'cell']);
    assert.equal(await heavyPage.locator('div.placeholder[data-cell-id="c0"]').count(), 0, 'the placeholder is gone once the cell renders');
    assert.deepEqual(heavyErrors, []);
  });

  await t.step('no page or console errors', async () => {
    assert.deepEqual(errors, []);
  });
});
