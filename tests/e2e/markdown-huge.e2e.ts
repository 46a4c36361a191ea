// A markdown cell of several MB previews a bounded prefix with a "Show all" control instead of
// rendering everything before the page can answer (a 50 MB cell froze the page for tens of
// seconds). Showing all renders the rest piece by piece, sanitized like the preview, while the page
// still handles keys; "Show less" goes back to the prefix. Screenshot: tests/output/markdown-huge-e2e.png.
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeNotebookFile } from '../../electron/core/notebook/notebook-files.js';
import type { Cell } from '../../electron/shared/notebook-schema.js';
import { commandMode, selectedCell, waitUntil } from './support/notebook-page.js';
import { freshHome, openOn, removeDir, runE2e, screenshot } from './support/studio.js';

const markdown = (i: number, source: string): Cell => ({ id: `c${i}`, kind: 'markdown', name: `note_${i}`, config: { source }, inputs: {}, output: null, metadata: {} });

// ~6 MB: headings, paragraphs and fenced code, a payload that must stay inert in a late piece, an end marker.
const section = (i: number): string =>
  `## Section ${i}\n\nThe organism keeps **${i % 100}%** of its backdoor after pirate SFT. ${'Seeds agree within the interval. '.repeat(40)}\n\n` +
  '```python\n' + `rate_${i} = backdoor_rate(model, seed=${i})\n\nprint(rate_${i})\n` + '```\n\n';
const SECTIONS = 3600;
const source =
  `# A very long note\n\n` +
  Array.from({ length: SECTIONS }, (_, i) => (i === SECTIONS - 10 ? `<script>window.__ran = 1</script>\n\n<img src=x onerror="window.__ran = 2">\n\n[click](javascript:window.__ran=3)\n\n` : '') + section(i)).join('') +
  `Last paragraph: END-OF-NOTE\n`;

await runE2e('a markdown cell of several MB', async (t) => {
  const home = freshHome('markdown-huge');
  t.defer(() => removeDir(home));
  const file = path.join(home, 'huge.organism.json');
  await writeNotebookFile(file, { format: 'organism-studio-notebook', version: 1, title: 'Huge note', cells: [markdown(0, source), markdown(1, '## After\n\nA small cell.'), markdown(2, 'Third.')], metadata: {} });
  const { page, errors } = await openOn(t, { home, notebookPath: file });
  const big = page.locator('article[data-cell-id="c0"]');
  const preview = big.locator('[data-testid="markdown-preview"]');
  const megabytes = `${(source.length / (1024 * 1024)).toFixed(1)} MB`;

  await t.step('the preview renders a bounded prefix and offers to show all', async () => {
    await preview.locator('h1').waitFor({ timeout: 60_000 });
    const shown = (await preview.evaluate((el) => el.textContent?.length ?? 0)) as number;
    assert.ok(shown > 1000 && shown < 20_000, `the preview holds ${shown} characters of ${source.length}`);
    assert.equal(await preview.getByText('END-OF-NOTE').count(), 0);
    assert.equal(await big.locator('[data-testid="markdown-show-all"]').textContent(), `Show all (${megabytes})`);
    assert.match((await big.locator('[data-testid="markdown-more"]').textContent()) ?? '', new RegExp(`Showing the first \\d+ KB of ${megabytes.replace('.', '\\.')}`));
    // Code blocks in the prefix are whole: every <pre> closes where its fence does.
    for (const code of await preview.locator('pre code').allTextContents()) assert.match(code, /^rate_\d+ = backdoor_rate\(model, seed=\d+\)\n\nprint\(rate_\d+\)\n$/);
  });

  await t.step('show all renders the rest piece by piece while keys still work', async () => {
    await page.locator('article[data-cell-id="c1"]').click();
    await commandMode(page);
    // Count the rendered pieces when the key arrives: fewer than all means the key did not wait.
    await page.evaluate(() => {
      window.addEventListener('keydown', () => ((window as unknown as { __piecesAtKey: number }).__piecesAtKey = document.querySelectorAll('[data-testid="markdown-piece"]').length), { capture: true, once: true });
    });
    await big.locator('[data-testid="markdown-show-all"]').click();
    await big.locator('[data-testid="markdown-piece"]').first().waitFor();
    await page.locator('[data-testid="notebook"]').focus();
    await page.keyboard.press('j');
    await waitUntil('j to select the next cell', async () => (await selectedCell(page).getAttribute('data-cell-id')) === 'c1' || (await selectedCell(page).getAttribute('data-cell-id')) === 'c2');
    await waitUntil('every piece to render', async () => ((await big.locator('[data-testid="markdown-progress"]').textContent()) ?? '').includes(`Showing all ${megabytes}`), 120_000);
    const total = await big.locator('[data-testid="markdown-piece"]').count();
    const atKey = (await page.evaluate('window.__piecesAtKey')) as number;
    assert.ok(total > 10, `${total} blocks of pieces`);
    assert.ok(atKey < total, `the key arrived after ${atKey} of ${total} pieces had rendered`);
    await preview.getByText('END-OF-NOTE').waitFor();
    assert.equal(await preview.locator('h2').count(), SECTIONS, 'every section heading, none split or lost');
  });

  await t.step('the pieces are sanitized like the preview', async () => {
    assert.equal(await page.evaluate('window.__ran'), undefined, 'no script, handler or javascript: link ran');
    assert.equal(await preview.locator('script, img[onerror], a[href^="javascript"]').count(), 0);
    await screenshot(page, 'markdown-huge-e2e');
  });

  await t.step('show less goes back to the prefix', async () => {
    await big.locator('[data-testid="markdown-show-less"]').click();
    await big.locator('[data-testid="markdown-show-all"]').waitFor();
    assert.equal(await big.locator('[data-testid="markdown-piece"]').count(), 0);
  });

  await t.step('no page or console errors', async () => {
    assert.deepEqual(errors, []);
  });
});
