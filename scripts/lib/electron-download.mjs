// Electron's binary for `npm run dist`: npm ci skips its download (ELECTRON_SKIP_BINARY_DOWNLOAD);
// packaging fetches it once with Electron's own installer, quietly, and turns a failure into one
// sentence instead of undici's "TypeError: fetch failed" stack.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { NODE_MODULES, ROOT } from './paths.mjs';

/** Also in the README (Packaging): keep the two the same. */
export const noBinarySentence = (reason) =>
  `npm run dist needs Electron's binary, which could not be downloaded (${reason}): run \`node node_modules/electron/install.js\` where the network is reachable, then \`npm run dist\` again; \`npm run dist -- --check\` checks the packaging without it.`;

/** Run Electron's installer; resolves { ok, reason } where reason is its error's first line. */
export function downloadElectron({ timeoutMs = 10 * 60_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(NODE_MODULES, 'electron', 'install.js')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (error) => resolve({ ok: false, reason: error.message }));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const firstError = output.split('\n').find((line) => /error|failed|ENOTFOUND|ECONN|EAI_AGAIN/i.test(line))?.trim();
      resolve(code === 0 ? { ok: true } : { ok: false, reason: signal ? `gave up after ${timeoutMs / 60_000} min` : firstError ?? `exit ${code}` });
    });
  });
}
