// Bundles the web host with esbuild (`npm start` without Electron, `npm run serve`):
// build/web/serve.cjs (electron/web/serve.ts with the core inside) and build/web/generation-worker.js
// (the inference worker, found next to serve.cjs at run time). Starting from the bundle skips a
// TypeScript loader: about 2 s less on this project's 2 shared cores. A build takes about 0.3 s, so
// `npm start` rebuilds whenever any file the last build read is newer than it (or gone), or the
// lockfile changed; build/web/inputs.json lists those files.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NODE_BUNDLE_OPTIONS, sourceInputs } from './esbuild-node.mjs';
import { ROOT } from './paths.mjs';

export const WEB_HOST_OUT = path.join(ROOT, 'build', 'web');
export const WEB_HOST_BUNDLE = path.join(WEB_HOST_OUT, 'serve.cjs');
const INPUTS_FILE = path.join(WEB_HOST_OUT, 'inputs.json');

const mtimeOf = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Infinity;

/** True when the bundle is missing, or a file it was built from changed or disappeared since. */
export function webHostIsStale() {
  const builtAt = statSync(WEB_HOST_BUNDLE, { throwIfNoEntry: false })?.mtimeMs;
  if (builtAt === undefined) return true;
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(INPUTS_FILE, 'utf8'));
  } catch {
    return true;
  }
  return !Array.isArray(inputs) || ['package-lock.json', ...inputs].some((file) => mtimeOf(path.join(ROOT, file)) > builtAt);
}

export async function buildWebHost() {
  const { build } = await import('esbuild'); // not at the top: loaded only when a build is due
  mkdirSync(WEB_HOST_OUT, { recursive: true });
  writeFileSync(path.join(WEB_HOST_OUT, 'package.json'), '{ "type": "commonjs" }\n'); // the worker's .js is CommonJS
  const entries = [
    { entry: 'electron/web/serve.ts', out: 'serve.cjs' },
    { entry: 'electron/core/inference/generation-worker.ts', out: 'generation-worker.js' },
  ];
  // playwright-core (PNG export only, 7.6 MB of the 9.3 MB bundle) stays in node_modules, which the
  // web host always runs beside; it is imported on the first plot image, not at start.
  const external = [...NODE_BUNDLE_OPTIONS.external, 'playwright-core'];
  const results = await Promise.all(
    entries.map(({ entry, out }) => build({ ...NODE_BUNDLE_OPTIONS, external, absWorkingDir: ROOT, entryPoints: [entry], outfile: path.join(WEB_HOST_OUT, out) })),
  );
  const inputs = [...new Set(results.flatMap((result) => sourceInputs(result.metafile)))].sort();
  writeFileSync(INPUTS_FILE, `${JSON.stringify(inputs, null, 1)}\n`);
}

/** Build the web host bundle when it is stale; returns true when it built. */
export async function ensureWebHostBuilt() {
  if (!webHostIsStale()) return false;
  console.log('Bundling the web host (esbuild)…');
  await buildWebHost();
  return true;
}
