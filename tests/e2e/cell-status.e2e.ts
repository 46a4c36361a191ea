// The cell frame follows the core's `cell.status` / `cell.progress` events (pushed by the real web
// host): queued → running with progress → done with time and duration; error shows its message;
// stale is marked and counted by "Run stale". Screenshots: tests/output/cell-running-{light,dark}.png.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { freshHome, openOn, removeDir, runE2e, screenshot } from './support/studio.js';
import { waitUntil } from './support/notebook-page.js';

const notebook = {
  format: 'organism-studio-notebook',
  version: 1,
  title: 'Status probe',
  cells: [
    { id: 'intro', kind: 'markdown', name: 'intro', config: { source: '# Status probe\n\nOne long-running cell.' }, inputs: {}, output: null, metadata: {} },
    // A kind with no component in this build: the frame (status, progress, errors) still works.
    { id: 'probe', kind: 'probe_kind', name: 'pirate_sft', config: {}, inputs: {}, output: null, metadata: {} },
  ],
  metadata: {},
};

await runE2e('cell status and progress from core events', async (t) => {
  const home = freshHome('status');
  t.defer(() => removeDir(home));
  const file = path.join(home, 'status.organism.json');
  writeFileSync(file, JSON.stringify(notebook));
  const { page, errors, host } = await openOn(t, { home, notebookPath: file });
  const docId = (await page.getAttribute('[data-testid="notebook"]', 'data-doc-id')) ?? '';
  assert.ok(docId, 'the notebook element names its document');
  const cell = page.locator('[data-cell-id="probe"]');
  const status = cell.locator('[data-testid="cell-status"]');
  const statusIs = (expected: string) => waitUntil(`status ${expected}`, async () => (await status.getAttribute('data-status')) === expected);

  await t.step('a never-run cell says so and offers Run', async () => {
    assert.equal(await status.getAttribute('data-status'), 'idle');
    assert.equal(await status.innerText(), 'Not run');
    await cell.locator('[data-testid="run-cell"]').waitFor();
  });

  await t.step('queued, then running with live progress and a Cancel button', async () => {
    host.core.emit('cell.status', { docId, cellId: 'probe', status: 'queued' });
    await statusIs('queued');
    await cell.locator('[data-testid="cancel-cell"]').waitFor();
    host.core.emit('cell.status', { docId, cellId: 'probe', status: 'running' });
    host.core.emit('cell.progress', { docId, cellId: 'probe', phase: 'train', step: 40, total: 200, loss: 1.2348, tokensPerSec: 5120, etaSec: 95 });
    await cell.locator('[data-testid="cell-progress"]').waitFor();
    const facts = await cell.locator('[data-testid="cell-progress"]').innerText();
    assert.match(facts, /step 40\/200/);
    assert.match(facts, /loss 1\.235/);
    assert.match(facts, /5120 tok\/s/);
    assert.match(await status.innerText(), /Running 20%/);
    await page.locator('[data-cell-id="probe"]').click();
    await screenshot(page, 'cell-running-light');
    await page.click('[data-testid="toggle-theme"]');
    await page.waitForSelector('html[data-theme="dark"]');
    await screenshot(page, 'cell-running-dark');
    await page.click('[data-testid="toggle-theme"]');
  });

  await t.step('presentation mode hides the editing chrome and keeps the run visible', async () => {
    await page.keyboard.press('Control+Shift+P');
    await page.keyboard.type('presentation');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="app"][data-presenting="true"]');
    assert.equal(await page.locator('[data-testid="add-cell"]').isVisible(), false);
    assert.equal(await cell.locator('[data-testid="cell-progress"]').isVisible(), true);
    await screenshot(page, 'presentation-light');
    await page.keyboard.press('Control+Shift+P');
    await page.keyboard.type('presentation');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="app"][data-presenting="false"]');
    assert.equal(await page.locator('[data-testid="add-cell"]').isVisible(), true);
  });

  await t.step('done shows when it ran and for how long; the progress bar goes', async () => {
    const finishedAt = new Date().toISOString();
    host.core.emit('cell.status', { docId, cellId: 'probe', status: 'done', output: { status: 'done', finishedAt, durationMs: 4200 } });
    await statusIs('done');
    await cell.locator('[data-testid="cell-progress"]').waitFor({ state: 'detached' });
    assert.match(await cell.locator('[data-testid="cell-run-info"]').innerText(), /4\.2 s/);
    await cell.locator('[data-testid="run-cell"]').waitFor();
  });

  await t.step('an error is shown in the cell', async () => {
    const error = 'Training diverged at step 12 (loss = NaN). Lower lr (now 0.5) to at most 0.01.';
    host.core.emit('cell.status', { docId, cellId: 'probe', status: 'error', output: { status: 'error', error } });
    await statusIs('error');
    assert.equal(await cell.locator('[data-testid="cell-error"]').innerText(), error);
  });

  await t.step('stale is marked on the cell and counted by "Run stale"', async () => {
    host.core.emit('cell.status', { docId, cellId: 'probe', status: 'stale' });
    await statusIs('stale');
    assert.equal(await status.innerText(), 'Stale');
    assert.match(await page.locator('[data-testid="run-stale"]').innerText(), /1/);
    assert.equal(await cell.locator('[data-testid="cell-error"]').count(), 0);
  });

  await t.step('events for another document are ignored', async () => {
    host.core.emit('cell.status', { docId: 'another-doc', cellId: 'probe', status: 'running' });
    await page.waitForTimeout(100); // give a wrong update the chance to show
    assert.equal(await status.getAttribute('data-status'), 'stale');
  });

  await t.step('no page or console errors', async () => {
    assert.deepEqual(errors, []);
  });
});
