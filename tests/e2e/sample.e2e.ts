// The sample cell in the real UI (web host, real engine: Python bridge + onnxruntime, Chromium):
// greedy by default; a temperature reveals the sampling controls, and several seeded samples of
// one model come back as numbered cards. Screenshot: tests/output/sample-e2e.png.
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { createStudyEngine } from '../../electron/core/cells/study-engine.js';
import { repoRoot } from './support/build-renderer.js';
import { waitUntil } from './support/notebook-page.js';
import { freshHome, launchBrowser, openStudio, removeDir, runE2e, screenshot, startHost } from './support/studio.js';

await runE2e('sample cell: greedy, then seeded samples', async (t) => {
  const home = freshHome('sample');
  t.defer(() => removeDir(home));
  const file = path.join(home, 'sample.organism.json');
  copyFileSync(path.join(repoRoot, 'tests', 'fixtures', 'notebooks', 'e2e-sample.organism.json'), file);
  const engine = createStudyEngine({ appRoot: repoRoot });
  const host = await startHost({ home, notebookPath: file, engine });
  t.defer(() => host.close());
  const browser = await launchBrowser();
  t.defer(() => browser.close());
  const { page, errors } = await openStudio(browser, host.url, { viewport: { width: 1280, height: 900 } });
  t.watch(page);
  const cell = page.locator('[data-cell-id="samples"]');
  const cards = cell.locator('.card');
  const status = async () => cell.locator('[data-testid="cell-status"]').getAttribute('data-status');
  const runAndWait = async (what: string) => {
    await cell.locator('[data-testid="run-cell"]').click();
    await waitUntil(what, async () => (await status()) === 'done', 240_000);
  };

  await t.step('greedy by default: one answer, no sampling controls', async () => {
    await cell.locator('[data-testid="sample-temperature"]').waitFor();
    assert.equal(await cell.locator('[data-testid="sample-count"]').count(), 0);
    assert.match(await cell.locator('[data-testid="sample-decoding"]').innerText(), /greedy/);
    await runAndWait('greedy sample done');
    assert.equal(await cards.count(), 1); // the base model has no trigger: one variant
    assert.doesNotMatch(await cards.first().innerText(), /sample 1/);
  });

  await t.step('a temperature reveals the sampling controls; three samples come back numbered', async () => {
    await cell.locator('[data-testid="sample-temperature"]').fill('1.2');
    await cell.locator('[data-testid="sample-temperature"]').press('Tab');
    await cell.locator('[data-testid="sample-count"]').waitFor();
    await cell.locator('[data-testid="sample-count"]').fill('3');
    await cell.locator('[data-testid="sample-count"]').press('Tab');
    await waitUntil('cell stale after the edit', async () => (await status()) !== 'done', 10_000);
    await runAndWait('sampled run done');
    assert.equal(await cards.count(), 3);
    const texts = await cards.allInnerTexts();
    texts.forEach((text, i) => assert.match(text, new RegExp(`sample ${i + 1}`)));
    const answers = await cell.locator('.card pre').allInnerTexts();
    assert.ok(new Set(answers).size > 1, `three samples at temperature 1.2 should not all be equal: ${JSON.stringify(answers)}`);
    await cell.scrollIntoViewIfNeeded();
    await screenshot(page, 'sample-e2e');
  });

  await t.step('no page errors', async () => {
    assert.deepEqual(errors, []);
  });
});
