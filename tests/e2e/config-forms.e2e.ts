// Forms that cannot silently disagree with the config, and outputs that never pass for current
// (issue 15, sections 2 and 3), in the real UI (web host, real engine: Python bridge + onnxruntime,
// Chromium): a typed invalid value stays as typed, is outlined with its sentence and refuses the
// run; a run cancelled after an edit leaves the previous output dimmed and labelled with the field
// that differs. Screenshots: tests/output/forms-invalid.png, forms-outdated.png, forms-advanced.png.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { waitUntil } from './support/notebook-page.js';
import { openFixtureStudy } from './support/study-fixture.js';
import { runE2e, screenshot } from './support/studio.js';

await runE2e('config forms: typed values validated, earlier outputs labelled', async (t) => {
  const { page, errors, file } = await openFixtureStudy(t, 'e2e-forms.organism.json', { width: 1280, height: 900 });
  const organism = page.locator('[data-cell-id="organism"]');
  const base = page.locator('[data-cell-id="base"]');
  const field = (cell: typeof organism, path: string) => cell.locator(`[data-field="${path}"]`).first();
  const statusOf = async (cell: typeof organism) => cell.locator('[data-testid="cell-status"]').getAttribute('data-status');
  const savedConfig = (id: string) => (JSON.parse(readFileSync(file, 'utf8')) as { cells: Array<{ id: string; config: Record<string, unknown> }> }).cells.find((c) => c.id === id)!.config;
  const typeInto = async (cell: typeof organism, path: string, text: string) => {
    const input = field(cell, path).locator('input');
    await input.fill(text);
    await input.press('Tab');
  };

  await t.step('a letter in Rank stays as typed, is outlined with its sentence, and the run is refused', async () => {
    await typeInto(organism, 'method.rank', 'abc');
    assert.equal(await field(organism, 'method.rank').locator('input').inputValue(), 'abc', 'the field keeps what was typed');
    assert.equal(await field(organism, 'method.rank').getAttribute('class').then((c) => c?.includes('invalid')), true);
    assert.equal(await field(organism, 'method.rank').locator('[data-testid="field-error"]').innerText(), 'Rank must be a whole number from 1 to 1024.');
    await waitUntil('Run is off', async () => organism.locator('[data-testid="run-cell"]').isDisabled());
    // The core refuses it too, in the same words (never the schema path or zod's wording).
    await waitUntil('the cell reports the refusal', async () => (await organism.locator('[data-testid="cell-error"]').count()) > 0, 15_000);
    const refusal = await organism.locator('[data-testid="cell-error"]').innerText();
    assert.match(refusal, /Rank must be a whole number from 1 to 1024\./);
    assert.doesNotMatch(refusal, /Invalid input|expected|method\.rank/);
    await page.click('[data-testid="save"]');
    await waitUntil('the saved notebook holds "abc", not the old 8', async () => (savedConfig('organism').method as { rank: unknown }).rank === 'abc', 15_000);
  });

  await t.step('steps = 0 and an empty Seeds list are refused with their sentences', async () => {
    await typeInto(organism, 'steps', '0');
    assert.equal(await field(organism, 'steps').locator('[data-testid="field-error"]').innerText(), 'Steps must be a whole number ≥ 1.');
    await typeInto(organism, 'seeds', '');
    assert.equal(await field(organism, 'seeds').locator('[data-testid="field-error"]').innerText(), 'Seeds must list at least 1 value.');
    // Validated as typed: the sentence shows before the field is left.
    await field(organism, 'method.alpha').locator('input').fill('-2');
    assert.equal(await field(organism, 'method.alpha').locator('[data-testid="field-error"]').innerText(), 'Alpha must be a number above 0.');
    await organism.scrollIntoViewIfNeeded();
    await screenshot(page, 'forms-invalid');
    await field(organism, 'method.alpha').locator('input').fill('');
    await field(organism, 'method.alpha').locator('input').press('Tab');
    await typeInto(organism, 'method.rank', '8');
    await typeInto(organism, 'steps', '60');
    await typeInto(organism, 'seeds', '0');
    await waitUntil('Run is back on', async () => organism.locator('[data-testid="run-cell"]').isEnabled());
    assert.equal(await organism.locator('[data-testid="field-error"]').count(), 0);
  });

  await t.step('Advanced shows every setting the cell runs with, defaults included, editable', async () => {
    const advanced = organism.locator('[data-testid="advanced-config"]');
    await advanced.locator('summary').click();
    // Advanced builds its rows once opened (not while closed): wait for them before counting.
    await advanced.locator('[data-field="seeds"]').waitFor({ timeout: 10_000 });
    for (const path of ['lr', 'batch_size', 'warmup_steps', 'eval.capability', 'eval.triggered', 'validation.minTriggered', 'seeds']) {
      assert.equal(await advanced.locator(`[data-field="${path}"]`).count(), 1, `Advanced lists ${path}`);
    }
    assert.equal(await advanced.locator('[data-field="batch_size"] input').getAttribute('placeholder'), '16');
    await organism.scrollIntoViewIfNeeded();
    await screenshot(page, 'forms-advanced');
    await advanced.locator('summary').click();
  });

  await t.step('a run cancelled after an edit leaves the previous output dimmed and labelled', async () => {
    await base.locator('[data-testid="run-cell"]').click();
    await waitUntil('base model done', async () => (await statusOf(base)) === 'done', 240_000);
    await base.locator('[data-testid="model-result"]').waitFor({ timeout: 30_000 });
    assert.equal(await base.getAttribute('data-outdated'), null, 'a current output is not labelled');

    // Edit through Advanced: 8 capability prompts → 600, a run long enough to cancel.
    const advanced = base.locator('[data-testid="advanced-config"]');
    await advanced.locator('summary').click();
    await typeInto(base, 'eval.capability', '600');
    await waitUntil('stale after the edit', async () => (await statusOf(base)) === 'stale', 15_000);
    await base.locator('[data-testid="run-cell"]').click();
    await waitUntil('running', async () => ['running', 'queued'].includes((await statusOf(base)) ?? ''), 30_000);
    await base.locator('[data-testid="cancel-cell"]').click();
    await waitUntil('cancelled', async () => (await statusOf(base)) === 'cancelled', 60_000);

    const note = base.locator('[data-testid="outdated-note"]');
    await note.waitFor();
    const text = await note.innerText();
    assert.match(text, /From the previous run: Capability prompts 8 \(now 600\)/);
    assert.match(text, /cancelled/);
    assert.equal(await base.getAttribute('data-outdated'), 'true');
    const opacity = await base.locator('[data-testid="model-result"]').evaluate((el) => Number(getComputedStyle(el).opacity));
    assert.ok(opacity < 0.6, `the previous output is dimmed (opacity ${opacity})`);
    await base.scrollIntoViewIfNeeded();
    await screenshot(page, 'forms-outdated');

    // Back to the config it ran with: the output is current again, no label.
    await typeInto(base, 'eval.capability', '8');
    await waitUntil('done again (cached)', async () => (await statusOf(base)) === 'done', 30_000);
    await waitUntil('the label goes', async () => (await base.getAttribute('data-outdated')) === null, 15_000);
  });

  assert.deepEqual(errors, [], `no page errors: ${errors.join('\n')}`);
});
