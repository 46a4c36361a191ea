// Bundles the Electron host with esbuild: build/electron/main.cjs (main process, the core
// included), build/electron/preload.cjs (sandboxed preload: zod and the contract bundled in) and
// build/electron/generation-worker.js (the inference worker, found next to main.cjs at run time).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NODE_BUNDLE_OPTIONS } from './esbuild-node.mjs';
import { ELECTRON_OUT, ROOT } from './paths.mjs';

export async function buildElectron() {
  // Imported here, not at the top: `npm test` on a fresh clone loads this file before npm ci ran.
  const { build } = await import('esbuild');
  mkdirSync(ELECTRON_OUT, { recursive: true });
  // package.json says "type": "module"; the bundles are CommonJS, including the worker's .js.
  writeFileSync(path.join(ELECTRON_OUT, 'package.json'), '{ "type": "commonjs" }\n');
  const entries = [
    { entry: 'electron/main.ts', out: 'main.cjs' },
    // The sandboxed preload has no __filename to build a file URL from, and needs none.
    { entry: 'electron/preload.ts', out: 'preload.cjs', plain: true },
    { entry: 'electron/core/inference/generation-worker.ts', out: 'generation-worker.js', optional: true },
  ];
  for (const { entry, out, optional, plain } of entries) {
    const file = path.join(ROOT, entry);
    if (optional && !existsSync(file)) continue;
    const { define: _define, banner: _banner, ...withoutFileUrl } = NODE_BUNDLE_OPTIONS;
    await build({ ...(plain ? withoutFileUrl : NODE_BUNDLE_OPTIONS), entryPoints: [file], outfile: path.join(ELECTRON_OUT, out) });
  }
}
