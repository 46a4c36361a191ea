// The one command table. Keyboard shortcuts, the command palette, toolbar buttons and host menus
// (`app.command` events, e.g. from Electron's menu) all run commands from here by id.
import { listCellKinds } from '../cells/registry.js';
import { computeCommands } from './compute-commands.js';
import { fileName } from '../lib/format.js';
import { fileChooser } from '../lib/file-chooser.svelte.js';
import { presentation } from '../presentation/presentation.svelte.js';
import { slideIndexOf, slidesOf } from '../presentation/slides.js';
import type { Theme } from './theme.svelte.js';
import type { Ui } from './ui.svelte.js';
import type { Workspace } from './workspace.svelte.js';

export interface CommandContext {
  ws: Workspace;
  theme: Theme;
  ui: Ui;
}

export interface Command {
  /** Stable id, also the `command` of `app.command` events (e.g. 'save', 'run-all', 'add-cell:markdown'). */
  id: string;
  label: string;
  /** Shortcut shown in the palette (display only; keyboard.ts does the binding). */
  keys?: string;
  run: (ctx: CommandContext, args?: unknown) => void | Promise<void>;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const MOD = isMac ? '⌘' : 'Ctrl';

function pathArg(args: unknown): string | undefined {
  if (typeof args === 'string' && args) return args;
  if (typeof args === 'object' && args !== null && 'path' in args && typeof args.path === 'string') return args.path;
  return undefined;
}

export async function saveAs({ ws }: CommandContext, path?: string): Promise<void> {
  if (path) {
    // A path in the command comes from the host's native Save dialog, which confirmed any overwrite.
    void ws.save(path, true);
    return;
  }
  const chosen = await choose(ws, { purpose: 'save', title: 'Save notebook as', confirmLabel: 'Save', initial: ws.doc?.path ?? 'study.organism.json' });
  // The native dialog asked about replacing a file; the web host's browser did not (save asks then).
  if (chosen) void ws.save(chosen, ws.host === 'electron');
}

/** The host's file dialog (native in Electron, the file browser in the web host); null when cancelled. */
async function choose(ws: Workspace, request: Parameters<typeof fileChooser.choose>[0]): Promise<string | null> {
  try {
    return await fileChooser.choose(request);
  } catch (error) {
    ws.notices.error(`Could not show the file dialog: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

async function openNotebook({ ws }: CommandContext, args: unknown): Promise<void> {
  const path = pathArg(args) ?? (await choose(ws, { purpose: 'open', title: 'Open notebook', confirmLabel: 'Open', initial: ws.doc?.path ?? '' }));
  if (path) await ws.open(path);
}

/** Present from the slide holding the selected cell (as a slide deck starts from the current slide). */
function togglePresentation({ ws }: CommandContext): void {
  if (presentation.on) return presentation.stop();
  ws.flushPending();
  presentation.start(slideIndexOf(slidesOf(ws.cells), ws.selectedId));
}

function toggleInput({ ws }: CommandContext): void {
  const cell = ws.selectedCell;
  if (cell) void ws.setInputHidden(cell, cell.metadata['hideInput'] !== true);
}

export function save(ctx: CommandContext): void {
  // A notebook never saved has no path yet: ask for one (the core would refuse a pathless save).
  if (ctx.ws.doc && ctx.ws.doc.path === null) void saveAs(ctx);
  else void ctx.ws.save();
}

const staticCommands: Command[] = [
  { id: 'run-cell', label: 'Run selected cell', keys: `${MOD}+Enter`, run: ({ ws }) => runSelected(ws, false) },
  { id: 'run-cell-and-advance', label: 'Run selected cell and select next', keys: 'Shift+Enter', run: ({ ws }) => runSelected(ws, true) },
  { id: 'run-all', label: 'Run all cells', run: ({ ws }) => ws.run('all') },
  { id: 'run-stale', label: 'Run stale cells', run: ({ ws }) => ws.run('stale') },
  { id: 'cancel-cell', label: 'Cancel selected cell', run: ({ ws }) => ws.selectedCell && ws.cancel(ws.selectedCell.id) },
  { id: 'cancel-all', label: 'Cancel all runs', run: ({ ws }) => ws.cancel() },
  { id: 'save', label: 'Save notebook', keys: `${MOD}+S`, run: (ctx) => save(ctx) },
  { id: 'save-as', label: 'Save notebook as…', keys: `${MOD}+Shift+S`, run: (ctx, args) => saveAs(ctx, pathArg(args)) },
  { id: 'open', label: 'Open notebook…', keys: `${MOD}+O`, run: (ctx, args) => openNotebook(ctx, args) },
  // One exporter: the core writes the report (the same one `npm run study --report` writes).
  { id: 'export', label: 'Export report and metrics (HTML report, Jupyter .ipynb, CSV, JSON) next to the notebook', keys: `${MOD}+E`, run: (ctx) => exportResults(ctx) },
  { id: 'open-recent', label: 'Open recent notebook…', run: (ctx) => openRecent(ctx) },
  { id: 'open-welcome', label: 'Open the welcome notebook', run: ({ ws }) => ws.openBundled('welcome') },
  { id: 'open-quick-tour', label: 'Open the quick tour notebook (a 2-minute study)', run: ({ ws }) => ws.openBundled('quick-tour') },
  { id: 'open-default-study', label: 'Open the default study notebook', run: ({ ws }) => ws.openBundled('default-study') },
  { id: 'new', label: 'New notebook', run: ({ ws }) => ws.newNotebook() },
  { id: 'undo', label: 'Undo', keys: 'Z', run: ({ ws }) => ws.undo() },
  { id: 'redo', label: 'Redo', keys: 'Shift+Z', run: ({ ws }) => ws.redo() },
  { id: 'add-cell-above', label: 'Add cell above…', keys: 'A', run: ({ ui }) => void (ui.kindPicker = 'above') },
  { id: 'add-cell-below', label: 'Add cell below…', keys: 'B', run: ({ ui }) => void (ui.kindPicker = 'below') },
  { id: 'delete-cell', label: 'Delete selected cell', keys: 'D D', run: ({ ws }) => ws.deleteSelected() },
  { id: 'duplicate-cell', label: 'Duplicate selected cell', run: ({ ws }) => ws.duplicateSelected() },
  { id: 'move-cell-up', label: 'Move cell up', keys: `${MOD}+Shift+↑`, run: ({ ws }) => ws.moveSelected(-1) },
  { id: 'move-cell-down', label: 'Move cell down', keys: `${MOD}+Shift+↓`, run: ({ ws }) => ws.moveSelected(1) },
  { id: 'select-previous', label: 'Select previous cell', keys: '↑ / K', run: ({ ws }) => ws.selectOffset(-1) },
  { id: 'select-next', label: 'Select next cell', keys: '↓ / J', run: ({ ws }) => ws.selectOffset(1) },
  { id: 'edit-mode', label: 'Edit selected cell', keys: 'Enter', run: ({ ws }) => ws.enterEdit() },
  { id: 'command-mode', label: 'Leave edit mode', keys: 'Esc', run: ({ ws }) => ws.enterCommand() },
  { id: 'toggle-output', label: 'Collapse / expand output', keys: 'O', run: ({ ws }) => ws.selectedCell && ws.toggleCollapsed(ws.selectedCell.id) },
  { id: 'toggle-theme', label: 'Toggle light / dark theme', run: ({ theme }) => theme.toggle() },
  { id: 'toggle-presentation', label: 'Presentation mode: present the results as slides (← → to move, Esc to leave)', keys: 'F5', run: (ctx) => togglePresentation(ctx) },
  { id: 'toggle-input', label: 'Hide / show the selected cell’s input (also in the report)', run: (ctx) => toggleInput(ctx) },
  { id: 'theme-system', label: 'Theme: follow system', run: ({ theme }) => theme.set('system') },
  { id: 'restore-recovery', label: 'Restore unsaved changes from recovery', run: ({ ws }) => ws.restoreRecovery() },
  { id: 'discard-recovery', label: 'Discard recovery file', run: ({ ws }) => ws.discardRecovery() },
  { id: 'palette', label: 'Command palette', keys: `${MOD}+Shift+P`, run: ({ ui }) => void (ui.paletteOpen = true) },
];

/** The core writes the report and metrics from cached results, beside the notebook file. */
async function exportResults({ ws }: CommandContext): Promise<void> {
  const doc = ws.doc;
  if (!doc) return;
  ws.flushPending();
  try {
    const { written } = await ws.api.invoke('notebook.export', { docId: doc.docId, formats: ['html', 'ipynb', 'csv', 'json'] });
    const folder = written[0] ? written[0].slice(0, written[0].length - fileName(written[0]).length) : '';
    ws.notices.info(`Exported ${written.map(fileName).join(', ')} to ${folder}`);
  } catch (error) {
    ws.notices.error(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function openRecent({ ws, ui }: CommandContext): Promise<void> {
  let paths: string[];
  try {
    ({ paths } = await ws.api.invoke('notebook.recent', {}));
  } catch (error) {
    ws.notices.error(`Could not list recent notebooks: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (paths.length === 0) {
    ws.notices.info('No recent notebooks yet: save or open one first.');
    return;
  }
  ui.list = {
    label: 'Open recent notebook',
    placeholder: 'Open a recent notebook…',
    items: paths.map((path) => ({ id: path, label: fileName(path), detail: path })),
    onPick: (path) => void ws.open(path),
  };
}

function runSelected(ws: Workspace, advance: boolean): void {
  const cell = ws.selectedCell;
  if (!cell) return;
  ws.enterCommand(); // Shift/Ctrl+Enter renders a markdown cell and leaves the editor
  void ws.run({ cellId: cell.id });
  // Unlike Jupyter, the last cell does not spawn a new one: cells are typed, so adding is explicit.
  if (advance) ws.selectOffset(1);
}

/** Every command, including one "add <kind> cell" per registered kind (so new kinds appear here). */
export function allCommands(): Command[] {
  const addKinds: Command[] = listCellKinds().map((kind) => ({
    id: `add-cell:${kind.kind}`,
    label: `Add ${kind.label} cell below`,
    run: ({ ws }) => ws.addCell(kind.kind, 'below'),
  }));
  return [...staticCommands, ...computeCommands, ...addKinds];
}

export function runCommand(ctx: CommandContext, id: string, args?: unknown): boolean {
  const command = allCommands().find((candidate) => candidate.id === id);
  if (!command) {
    ctx.ws.notices.error(`Unknown command "${id}".`);
    return false;
  }
  void command.run(ctx, args);
  return true;
}

/** Fuzzy subsequence match; lower score is better, null when `query` does not match. */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.toLowerCase().replace(/\s+/g, '');
  const t = text.toLowerCase();
  if (!q) return 0;
  let score = 0;
  let at = -1;
  for (const char of q) {
    const next = t.indexOf(char, at + 1);
    if (next < 0) return null;
    score += next - at - 1; // gaps cost
    at = next;
  }
  return score + (t.startsWith(q) ? -100 : 0) + (t.includes(q) ? -50 : 0);
}
