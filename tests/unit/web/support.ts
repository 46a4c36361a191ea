// A placeholder renderer (the real one is built by Vite; these tests are about the host) and a
// web host on it in a temp home.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startWebHost, type WebHost, type WebHostOptions } from '../../../electron/web/web-host.js';
import { tempDir } from '../notebook/support/notebooks.js';

export function placeholderRenderer(): string {
  const dir = tempDir('organism-renderer-');
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>placeholder</title><div data-testid="notebook"></div>');
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log("hi");');
  return dir;
}

export function startTestHost(options: WebHostOptions = {}): Promise<WebHost> {
  return startWebHost({ home: path.join(tempDir(), 'home'), rendererDir: placeholderRenderer(), autosaveDelayMs: 60_000, ...options });
}
