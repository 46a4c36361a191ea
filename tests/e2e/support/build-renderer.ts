// Builds the renderer when build/renderer/index.html is missing or older than any renderer
// source (or the shared contract / web client it bundles), so e2e tests always drive current code.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const builtIndex = path.join(repoRoot, 'build', 'renderer', 'index.html');
const sourceDirs = ['renderer', 'electron/shared', 'electron/web/client'].map((dir) => path.join(repoRoot, dir));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function rendererIsStale(): boolean {
  if (!existsSync(builtIndex)) return true;
  const builtAt = statSync(builtIndex).mtimeMs;
  return sourceDirs.some((dir) => existsSync(dir) && newestMtime(dir) > builtAt);
}

/** Build the renderer if needed; returns true when it built. */
export function ensureRendererBuilt(): boolean {
  if (!rendererIsStale()) return false;
  console.log('[e2e] building the renderer (build/renderer is missing or stale)…');
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  return true;
}
