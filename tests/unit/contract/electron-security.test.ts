// The Electron host's security rules: the electronegativity gate that `npm test` runs catches a
// misconfigured window and passes ours; the origin and static-path guards do what they say.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, ELECTRON_CSP, isAppUrl } from '../../../electron/main/app-origin.js';
import { resolveStaticPath } from '../../../electron/web/static-files.js';
import { runElectronegativity } from '../../../scripts/lib/electronegativity.mjs';
import { tempDir } from '../notebook/support/notebooks.js';

const ELECTRON_VERSION = '45.5.0';

describe('electronegativity gate', () => {
  it('flags a window with Node in the renderer and no isolation as blocking', async () => {
    const dir = tempDir('organism-insecure-');
    writeFileSync(
      path.join(dir, 'main.js'),
      `const { app, BrowserWindow, shell } = require('electron');
app.whenReady().then(() => {
  const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, webSecurity: false } });
  win.loadURL('http://example.com');
  win.webContents.on('new-window', (e, url) => shell.openExternal(url));
});`,
    );
    const { blocking } = await runElectronegativity({ input: dir, electronVersion: ELECTRON_VERSION });
    const ids = blocking.map((f) => f.issue);
    expect(ids).toEqual(expect.arrayContaining(['HTTP_RESOURCES_WITH_NODE_INTEGRATION_GLOBAL_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'OPEN_EXTERNAL_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']));
  });

  it('finds no HIGH or MEDIUM issue in our Electron host', async () => {
    const { checks, blocking } = await runElectronegativity({ input: path.resolve('electron'), electronVersion: ELECTRON_VERSION });
    expect(checks).toBeGreaterThan(30);
    expect(blocking).toEqual([]);
  });
});

describe('origin and path guards', () => {
  it('the session sets the same CSP the protocol serves (security.ts spells it out for the linter)', () => {
    const security = readFileSync(path.resolve('electron/main/security.ts'), 'utf8');
    expect(security).toContain(`"${ELECTRON_CSP}"`);
    expect(ELECTRON_CSP).not.toContain('unsafe-eval');
  });

  it('trusts only studio://app URLs', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('studio://app/assets/index.js')).toBe(true);
    for (const url of ['studio://evil/index.html', 'file:///index.html', 'https://app/', 'http://127.0.0.1/', 'not a url', 'studio:app']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('never resolves a static path outside the renderer folder', () => {
    const root = tempDir('organism-static-');
    mkdirSync(path.join(root, 'assets'));
    expect(resolveStaticPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/a.js')).toBe(path.join(root, 'assets', 'a.js'));
    for (const bad of ['/../secret', '/..%2fsecret', '/assets/../../x', '/%2e%2e/x', '/a%00.js', '/%E0%A4%A']) {
      expect(resolveStaticPath(root, bad), bad).toBeNull();
    }
  });
});
