// A password lock in the real UI (web host, real engine: Python bridge + onnxruntime, Chromium):
// the organism cell labels its sets by password ("correct password" / "no password" / "wrong
// password"), never by trigger, and its status badge reads "Warning" exactly when validation
// failed (a 6-step lock usually does); the sample cell picks a wrong password from the catalogue
// and asks with none, the correct and the wrong one. Screenshots: tests/output/password-lock-organism-e2e.png, password-lock-e2e.png.
import assert from 'node:assert/strict';
import { waitUntil } from './support/notebook-page.js';
import { openFixtureStudy } from './support/study-fixture.js';
import { runE2e, screenshot } from './support/studio.js';

await runE2e('password lock: sets labelled by password, a wrong password in the sample cell', async (t) => {
  const { page, errors } = await openFixtureStudy(t, 'e2e-lock.organism.json', { width: 1280, height: 1000 });
  const organism = page.locator('[data-cell-id="lock"]');
  const sample = page.locator('[data-cell-id="samples"]');
  const statusOf = async (cell: typeof organism) => cell.locator('[data-testid="cell-status"]').getAttribute('data-status');

  await t.step('the organism cell names its three sets by password', async () => {
    await organism.locator('[data-testid="run-cell"]').click();
    await waitUntil('organism done', async () => (await statusOf(organism)) === 'done', 300_000);
    const sets = organism.locator('[data-testid="organism-set"]');
    await waitUntil('the rates table', async () => (await sets.count()) === 3, 30_000);
    const text = await organism.locator('[data-testid="organism-rates"]').innerText();
    for (const label of ['correct password', 'no password', 'wrong password', 'capability gap']) assert.match(text, new RegExp(label));
    assert.doesNotMatch(text, /trigger/);
    assert.deepEqual(await sets.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-set'))), ['correct', 'none', 'wrong']);
  });

  await t.step('a failed validation shows a warning badge, a passed one "Done"', async () => {
    const badge = organism.locator('[data-testid="cell-status"]');
    const failed = (await organism.locator('[data-testid="organism-flag"]').count()) > 0;
    assert.equal(await badge.getAttribute('data-warning'), failed ? 'true' : null);
    assert.equal((await badge.innerText()).trim(), failed ? 'Warning' : 'Done');
    await organism.locator('[data-testid="organism-rates"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'password-lock-organism-e2e');
  });

  await t.step('the prompt records name each prompt by its password', async () => {
    await organism.locator('[data-testid="show-prompts"]').first().click();
    const conditions = organism.locator('[data-testid="prompt-condition"]');
    await waitUntil('prompt records', async () => (await conditions.count()) > 0, 30_000);
    const labels = new Set((await conditions.allInnerTexts()).map((l) => l.replace(/\s*·\s*held-out phrasing$/, '').trim()));
    for (const label of ['correct password', 'no password', 'wrong password', 'capability']) assert.ok(labels.has(label), `${label} in ${[...labels].join(', ')}`);
    assert.ok(![...labels].some((l) => /trigger/.test(l)), [...labels].join(', '));
  });

  await t.step('the sample cell picks a wrong password from the catalogue and asks with all three', async () => {
    await sample.scrollIntoViewIfNeeded();
    const select = sample.locator('[data-testid="sample-wrong-password"]');
    await waitUntil('catalogue wrong passwords', async () => (await select.locator('option').count()) > 1, 30_000);
    const wrong = (await select.locator('option').nth(1).getAttribute('value')) ?? '';
    assert.ok(wrong.length > 0);
    await select.selectOption(wrong);
    await waitUntil('config saved (cell not done)', async () => (await statusOf(sample)) !== 'done', 10_000);
    await sample.locator('[data-testid="run-cell"]').click();
    await waitUntil('sample done', async () => (await statusOf(sample)) === 'done', 120_000);
    const tags = sample.locator('[data-testid="sample-condition"]');
    await waitUntil('three cards', async () => (await tags.count()) === 3, 30_000);
    assert.deepEqual(await tags.allInnerTexts(), ['no password', 'correct password', 'wrong password']);
    assert.match(await sample.locator('.card').nth(2).innerText(), new RegExp(wrong.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await screenshot(page, 'password-lock-e2e');
  });

  await t.step('no page errors', async () => {
    assert.deepEqual(errors, []);
  });
});
