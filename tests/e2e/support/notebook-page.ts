// Page helpers that speak in notebook terms (cells, statuses, commands), so tests read like what
// a user does. They use the data-testid hooks the renderer exposes.
import type { Locator, Page } from 'playwright-core';

export const cells = (page: Page): Locator => page.locator('[data-testid="cell"]');
export const cellAt = (page: Page, index: number): Locator => cells(page).nth(index);
export const selectedCell = (page: Page): Locator => page.locator('[data-testid="cell"].selected');

export async function cellCount(page: Page): Promise<number> {
  return cells(page).count();
}

/** The id of each cell, in order. */
export async function cellIds(page: Page): Promise<string[]> {
  return cells(page).evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-cell-id') ?? ''));
}

export async function selectedIndex(page: Page): Promise<number> {
  return cells(page).evaluateAll((nodes) => nodes.findIndex((node) => node.classList.contains('selected')));
}

/**
 * Poll `check` until it returns true (the page's CSP forbids string predicates, and this
 * tsconfig has no DOM lib for function ones). Fails with `what` after `timeoutMs`.
 */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Wait until the notebook has `count` cells (edits round-trip through the core). */
export async function waitForCellCount(page: Page, count: number): Promise<void> {
  let seen = -1;
  await waitUntil(`${count} cells`, async () => (seen = await cells(page).count()) === count).catch(() => {
    throw new Error(`Expected ${count} cells, the notebook shows ${seen}.`);
  });
}

/** Leave any editor and put focus on the notebook (command mode). */
export async function commandMode(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="notebook"][data-mode="command"]');
}

/** Run a command through the palette (Ctrl+Shift+P, type, Enter). */
export async function runFromPalette(page: Page, query: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  await page.waitForSelector('[data-testid="palette"]');
  await page.keyboard.type(query);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="palette"]', { state: 'detached' });
}

/** Type into the open CodeMirror editor of the selected markdown cell. */
export async function typeInEditor(page: Page, text: string): Promise<void> {
  const editor = page.locator('[data-testid="markdown-editor"] .cm-content');
  await editor.waitFor();
  await editor.focus();
  await page.keyboard.type(text);
}

export async function saveState(page: Page): Promise<string> {
  return (await page.getAttribute('[data-testid="save-state"]', 'data-state')) ?? '';
}

export async function waitForSaveState(page: Page, state: string): Promise<void> {
  await page.waitForSelector(`[data-testid="save-state"][data-state="${state}"]`, { timeout: 10_000 });
}
