// Electron entry (bundled to build/electron/main.cjs). A thin host: it creates the core service,
// serves the renderer on studio://app/, wires IPC and menus, and keeps one instance per user.
import path from 'node:path';
import { app, BrowserWindow } from 'electron';
import { defaultHome } from './core/service/app-paths.js';
import { createDefaultEngine } from './core/service/default-engine.js';
import { createStudioCore, type StudioCore } from './core/studio-core.js';
import { chooseFile } from './main/dialogs.js';
import { registerIpc } from './main/ipc.js';
import { installMenu } from './main/menu.js';
import { registerPreload } from './main/preload-script.js';
import { registerAppScheme, serveRenderer } from './main/protocol.js';
import { hardenContents, hardenSession } from './main/security.js';
import { createMainWindow } from './main/windows.js';

registerAppScheme(); // must happen before 'ready'

let mainWindow: BrowserWindow | null = null;
let core: StudioCore | null = null;
let currentPath: string | null = null;

function notebookArgument(argv: readonly string[]): string | null {
  const file = argv.find((arg) => arg.endsWith('.organism.json'));
  return file ? path.resolve(file) : null;
}

async function start(): Promise<void> {
  const appRoot = app.getAppPath();
  const home = defaultHome();
  const studio = createStudioCore({ home, appRoot, host: 'electron', engine: createDefaultEngine({ home, appRoot }) });
  core = studio;
  hardenSession();
  registerPreload(path.join(__dirname, 'preload.cjs'));
  serveRenderer(path.join(appRoot, 'build', 'renderer'));
  registerIpc(studio, { 'files.choose': async ({ purpose, suggested }) => ({ path: await chooseFile(mainWindow, purpose, suggested) }) });
  studio.subscribe((event) => {
    if (event.channel !== 'document.changed') return;
    if (event.payload.path !== currentPath) {
      currentPath = event.payload.path;
      void installMenu({ core: studio, window: () => mainWindow, currentPath: () => currentPath }); // refresh Open Recent
    }
  });
  await installMenu({ core: studio, window: () => mainWindow, currentPath: () => currentPath });
  mainWindow = createMainWindow({ userData: app.getPath('userData') });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  const requested = notebookArgument(process.argv);
  if (requested) mainWindow.webContents.once('did-finish-load', () => studio.emit('app.command', { command: 'open', args: { path: requested } }));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  hardenContents(() => mainWindow);
  app.on('second-instance', (_event, argv) => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    const requested = notebookArgument(argv);
    if (requested && core) core.emit('app.command', { command: 'open', args: { path: requested } });
  });
  // macOS delivers double-clicked notebooks as an event rather than argv.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    if (core && file.endsWith('.organism.json')) core.emit('app.command', { command: 'open', args: { path: file } });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!mainWindow && core) mainWindow = createMainWindow({ userData: app.getPath('userData') });
  });
  let disposed = false;
  app.on('before-quit', (event) => {
    if (disposed || !core) return;
    event.preventDefault(); // flush autosaves and stop the bridge first, then quit for real
    disposed = true;
    void core.dispose().finally(() => app.quit());
  });
  app.whenReady().then(start, (error: unknown) => {
    console.error(`Organism Studio could not start: ${(error as Error).message}`);
    app.exit(1);
  });
}
