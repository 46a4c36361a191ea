// Presenting and opening files in the real UI (web host, Chromium at 1280×720, a projector's size):
// the workspace file list opens a notebook from a subfolder; presentation mode steps through its
// slides (a heading and its prose, or one cell each) with every form hidden, and Esc leaves;
// a cell's "hide input" hides its form and keeps the rest. Screenshots of the default study in
// normal and presentation mode: tests/output/default-study-1280x720.png,
// default-study-presenting-1280x720.png (and presentation-slide-*.png, file-browser-e2e.png).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './support/build-renderer.js';
import { runFromPalette, waitUntil } from './support/notebook-page.js';
import { freshHome, launchBrowser, openStudio, removeDir, runE2e, screenshot, startHost } from './support/studio.js';

interface StoredCell {
  name: string;
  [key: string]: unknown;
}

await runE2e('presentation mode and the workspace file list', async (t) => {
  const home = freshHome('present');
  t.defer(() => removeDir(home));
  // A small notebook made of the default study's own cells, in a subfolder of the workspace.
  const study = JSON.parse(readFileSync(path.join(repoRoot, 'assets', 'notebooks', 'default-study.organism.json'), 'utf8')) as { cells: StoredCell[] };
  const keep = ['intro', 'base', 'organisms_note', 'prompted', 'results_note', 'tradeoff'];
  const cells = keep.map((name) => study.cells.find((c) => c.name === name)!);
  const folder = path.join(home, 'notebooks', 'talks');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'talk.organism.json'), JSON.stringify({ ...study, title: 'Talk', cells }, null, 2));

  const host = await startHost({ home });
  t.defer(() => host.close());
  const browser = await launchBrowser();
  t.defer(() => browser.close());
  const { page, errors } = await openStudio(browser, host.url, { viewport: { width: 1280, height: 720 } });
  t.watch(page);
  const presentation = page.locator('[data-testid="presentation"]');
  const slide = async (): Promise<number> => Number(await presentation.getAttribute('data-slide'));
  const visibleForms = async (): Promise<number> => page.locator('[data-testid="slide"] .cell-body .form').evaluateAll((forms) => forms.filter((f) => (f as HTMLElement).offsetParent !== null).length);

  await t.step('the default study at 1280×720, in normal mode', async () => {
    await page.locator('[data-testid="cell"]').first().waitFor();
    await page.waitForTimeout(300); // let fonts and the first cells settle
    await screenshot(page, 'default-study-1280x720');
  });

  await t.step('the default study presented (F5): the first slide is its title and introduction', async () => {
    await page.locator('[data-testid="notebook"]').focus();
    await page.keyboard.press('F5');
    await presentation.waitFor();
    assert.equal(await slide(), 0);
    assert.match(await page.locator('[data-testid="slide-counter"]').innerText(), /^1 \/ \d+/);
    await screenshot(page, 'default-study-presenting-1280x720');
    await page.keyboard.press('ArrowRight');
    await waitUntil('slide 2', async () => (await slide()) === 1);
    await screenshot(page, 'default-study-presenting-slide-2-1280x720');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="toolbar"]').waitFor();
  });

  await t.step('the workspace file list opens a notebook from a subfolder', async () => {
    await runFromPalette(page, 'open notebook');
    const browserDialog = page.locator('[data-testid="file-browser"]');
    await browserDialog.waitFor();
    await waitUntil('the workspace listing', async () => (await browserDialog.locator('[data-testid="file-entry"]').count()) > 0);
    const names = await browserDialog.locator('[data-testid="file-entry"]').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-kind')}:${r.getAttribute('data-name')}`));
    assert.deepEqual(names, ['folder:talks', 'notebook:default-study.organism.json']);
    assert.equal(await browserDialog.locator('[data-testid="file-place"]').first().innerText(), 'Workspace');
    await screenshot(page, 'file-browser-e2e');
    await browserDialog.locator('[data-testid="file-entry"][data-name="talks"]').click();
    const talk = browserDialog.locator('[data-testid="file-entry"][data-name="talk.organism.json"]');
    await talk.waitFor();
    await talk.dblclick();
    await browserDialog.waitFor({ state: 'detached' });
    await waitUntil('the talk notebook', async () => (await page.locator('[data-testid="notebook-title"]').inputValue()) === 'Talk');
    assert.equal(await page.locator('[data-testid="cell"]').count(), keep.length);
  });

  await t.step('presenting steps through three slides, forms hidden, and Esc leaves', async () => {
    await page.locator('[data-testid="cell"]').first().click();
    await page.locator('[data-testid="present"]').click();
    await presentation.waitFor();
    assert.equal(await presentation.getAttribute('data-slides'), String(keep.length)); // each heading and each cell: one slide
    assert.equal(await page.locator('[data-testid="toolbar"]').count(), 0, 'no editing chrome while presenting');
    const expected = [['intro'], ['base'], ['organisms_note'], ['prompted']];
    for (const [index, names] of expected.entries()) {
      if (index > 0) {
        await page.keyboard.press('ArrowRight');
        await waitUntil(`slide ${index + 1}`, async () => (await slide()) === index);
      }
      const shown = await page.locator('[data-testid="slide"] [data-testid="cell"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label') ?? ''));
      assert.equal(shown.length, names.length);
      assert.ok(shown[0]!.endsWith(names[0]!), `slide ${index + 1} shows ${names[0]}: ${shown.join(', ')}`);
      assert.equal(await visibleForms(), 0, `slide ${index + 1} shows no form`);
      assert.equal(await page.locator('[data-testid="slide"] [data-testid="run-cell"]:visible').count(), 0);
      await screenshot(page, `presentation-slide-${index + 1}`);
    }
    await page.keyboard.press('ArrowLeft');
    await waitUntil('back to slide 3', async () => (await slide()) === 2);
    await page.keyboard.press('Escape');
    await presentation.waitFor({ state: 'detached' });
    await page.locator('[data-testid="toolbar"]').waitFor();
  });

  await t.step("a cell's hide input hides its form and is kept in the notebook", async () => {
    const base = page.locator('[data-testid="cell"][aria-label$=" base"]');
    assert.equal(await base.locator('.cell-body .form').isVisible(), true);
    await base.locator('[data-testid="toggle-input"]').click();
    await waitUntil('input hidden', async () => (await base.getAttribute('class'))?.includes('input-hidden') === true);
    assert.equal(await base.locator('.cell-body .form').isVisible(), false);
    assert.equal(await base.locator('[data-testid="cell-body"]').count(), 1, 'the body (its output) stays');
    await runFromPalette(page, 'save notebook');
    await waitUntil('saved with the flag', async () => {
      const saved = JSON.parse(readFileSync(path.join(folder, 'talk.organism.json'), 'utf8')) as { cells: Array<{ name: string; metadata?: Record<string, unknown> }> };
      return saved.cells.find((c) => c.name === 'base')?.metadata?.['hideInput'] === true;
    });
  });

  await t.step('no page errors', async () => {
    assert.deepEqual(errors, []);
  });
});
