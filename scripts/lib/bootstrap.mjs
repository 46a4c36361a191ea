// What `npm start`, `npm test` and `npm run build` need before they can do anything, on a fresh
// clone: node_modules (npm ci), the Debian packages (installed under CI=true as root, otherwise
// named with the command to install them), and a renderer build that is not older than its sources.
// On an already set-up clone `ensureSetUp` answers from a stamp (setup-stamp.mjs) without asking npm,
// dpkg or Python anything.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { NODE_MODULES, PYTHON, RENDERER_OUT, ROOT, bin } from './paths.mjs';
import { npmCi } from './npm-ci.mjs';
import { fail, probe, run } from './proc.mjs';
import { recordSetup, setupIsFresh } from './setup-stamp.mjs';

const NO_DOWNLOAD_ENV = { ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ONNXRUNTIME_NODE_INSTALL: 'skip' };

/** `npm ci` when node_modules is missing or older than package-lock.json. */
export async function ensureNodeModules() {
  const lock = path.join(ROOT, 'package-lock.json');
  const marker = path.join(NODE_MODULES, '.package-lock.json'); // npm rewrites it on every install
  const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs;
  if (!stale) return;
  if (existsSync(NODE_MODULES)) console.log('node_modules is older than package-lock.json.');
  const code = await npmCi(NO_DOWNLOAD_ENV);
  if (code !== 0) fail(`npm ci failed (exit ${code}). Fix the error above and run the command again.`);
}

/** Debian packages and how to tell each is present. */
const SYSTEM_PACKAGES = {
  chromium: { check: () => existsSync('/usr/bin/chromium'), why: 'headless browser for the end-to-end tests' },
  'python3-torch': { check: () => probe(PYTHON, ['-c', 'import torch']).ok, why: 'PyTorch for the trainer' },
  'python3-onnx': { check: () => probe(PYTHON, ['-c', 'import onnx']).ok, why: 'ONNX export' },
  'libopenblas0-pthread': { check: () => dpkgInstalled('libopenblas0-pthread'), why: 'fast BLAS for training (~8x faster than the reference BLAS)' },
  'python3-pytest': { check: () => probe(PYTHON, ['-m', 'pytest', '--version']).ok, why: 'the bridge test suite' },
  'python3-sklearn': { check: () => probe(PYTHON, ['-c', 'import sklearn']).ok, why: 'the detection cell\'s logistic-regression probe (a numpy fallback fits it without)' },
  'python3-hypothesis': { check: () => probe(PYTHON, ['-c', 'import hypothesis']).ok, why: 'property-based tests of the bridge framing and params' },
};

function dpkgInstalled(name) {
  const result = probe('dpkg-query', ['-W', '-f=${Status}', name]);
  return result.ok && result.stdout.includes('install ok installed');
}

/** Install (CI as root) or name the missing Debian packages among `names`. */
export async function ensureSystemPackages(names) {
  const missing = names.filter((name) => !SYSTEM_PACKAGES[name].check());
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.env.CI === 'true' && isRoot) {
    console.log(`Installing missing system packages (CI): ${missing.join(' ')}`);
    if ((await run('apt-get', ['update'])) !== 0) fail('apt-get update failed; check the network and apt sources.');
    const all = Object.keys(SYSTEM_PACKAGES);
    if ((await run('apt-get', ['install', '-y', ...all], { env: { DEBIAN_FRONTEND: 'noninteractive' } })) !== 0) fail(`apt-get install failed for: ${all.join(' ')}`);
    const still = missing.filter((name) => !SYSTEM_PACKAGES[name].check());
    if (still.length > 0) fail(`still missing after apt-get install: ${still.join(' ')} (Python used: ${PYTHON}).`);
    return;
  }
  const lines = missing.map((name) => `  - ${name}: ${SYSTEM_PACKAGES[name].why}`);
  fail(
    `Missing system packages:\n${lines.join('\n')}\nInstall them with:\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}\n` +
      `(Python used: ${PYTHON}; set ORGANISM_STUDIO_PYTHON to use another interpreter.)`,
  );
}

/**
 * node_modules and the Debian packages `names`: free when the setup stamp says a full check since
 * the last install covered them; otherwise the full check (npm ci, probes, apt), then the stamp.
 */
export async function ensureSetUp(names) {
  if (setupIsFresh(names)) return;
  await ensureNodeModules();
  await ensureSystemPackages(names);
  recordSetup(names);
}

/** Inputs of the renderer build: its sources, the contract and the web client it bundles. */
const RENDERER_INPUTS = ['renderer', 'electron/shared', 'electron/web/client', 'electron/web/wire-protocol.ts', 'package-lock.json'];

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const info = statSync(target);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

export function rendererIsStale() {
  const built = path.join(RENDERER_OUT, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return RENDERER_INPUTS.some((input) => newestMtime(path.join(ROOT, input)) > builtAt);
}

/** Build the renderer with Vite when it is missing or older than its sources (throws on failure). */
export async function ensureRendererBuilt({ force = false } = {}) {
  const config = path.join(ROOT, 'renderer', 'vite.config.ts');
  if (!existsSync(config)) throw new Error('renderer/vite.config.ts is missing: this checkout has no renderer to build.');
  if (!force && !rendererIsStale()) return;
  console.log('Building the renderer (vite)…');
  const code = await run(bin('vite'), ['build', '--config', config, '--logLevel', 'warn']);
  if (code !== 0) throw new Error(`the renderer build failed (exit ${code}); see the errors above.`);
}

/** Path of the Electron binary when it is installed, else null (its download is opt-in). */
export function electronBinary() {
  const pathFile = path.join(NODE_MODULES, 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const binary = path.join(NODE_MODULES, 'electron', 'dist', relative);
  return relative && existsSync(binary) ? binary : null;
}
