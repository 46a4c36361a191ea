// Bundles the Electron host with esbuild: build/electron/main.cjs (main process, the core
// included), build/electron/preload.cjs (sandboxed preload: zod and the contract bundled in) and
// build/electron/generation-worker.js (the inference worker, found next to main.cjs at run time).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ELECTRON_OUT, ROOT } from './paths.mjs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // Native add-ons and Electron itself are loaded at run time, never bundled.
  external: ['electron', 'onnxruntime-node', 'bufferutil', 'utf-8-validate'],
  // The sources read import.meta.url only when __dirname is absent (ESM); the bundle has __dirname.
  logOverride: { 'empty-import-meta': 'silent' },
};

export async function buildElectron() {
  // Imported here, not at the top: `npm test` on a fresh clone loads this file before npm ci ran.
  const { build } = await import('esbuild');
  mkdirSync(ELECTRON_OUT, { recursive: true });
  // package.json says "type": "module"; the bundles are CommonJS, including the worker's .js.
  writeFileSync(path.join(ELECTRON_OUT, 'package.json'), '{ "type": "commonjs" }\n');
  const entries = [
    { entry: 'electron/main.ts', out: 'main.cjs' },
    { entry: 'electron/preload.ts', out: 'preload.cjs' },
    { entry: 'electron/core/inference/generation-worker.ts', out: 'generation-worker.js', optional: true },
  ];
  for (const { entry, out, optional } of entries) {
    const file = path.join(ROOT, entry);
    if (optional && !existsSync(file)) continue;
    await build({ ...common, entryPoints: [file], outfile: path.join(ELECTRON_OUT, out) });
  }
}
