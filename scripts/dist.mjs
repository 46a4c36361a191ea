// `npm run dist`: desktop installers with electron-builder (config: electron-builder.yml), using the
// Electron binary in node_modules (electronDist) so packaging itself downloads no Electron build.
// Without that binary it tries Electron's own download once; where that cannot reach the network
// it stops with one sentence saying so (not the fetch's stack trace).
// `npm run dist -- --check`: what can be checked without the binary (packaging-check.mjs):
// electron-builder's validation of the config, then a dry --dir build whose app.asar is checked.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { buildElectron } from './lib/build-electron.mjs';
import { electronBinary, ensureNodeModules, ensureRendererBuilt } from './lib/bootstrap.mjs';
import { dryDirBuild, loadBuilderConfig, validateBuilderConfig } from './lib/packaging-check.mjs';
import { NODE_MODULES, bin } from './lib/paths.mjs';
import { fail, run } from './lib/proc.mjs';
import { downloadElectron, noBinarySentence } from './lib/electron-download.mjs';

const args = process.argv.slice(2);
await ensureNodeModules();

if (args.includes('--check')) {
  await ensureRendererBuilt().catch((error) => fail(error.message));
  await buildElectron();
  console.log('Checking the packaging configuration without the Electron binary…');
  await validateBuilderConfig(await loadBuilderConfig()).catch((error) => fail(`electron-builder.yml is invalid: ${error.message}`));
  console.log('  electron-builder.yml passes electron-builder\'s schema validation.');
  const result = await dryDirBuild();
  if (!result.ok) fail(`the dry --dir build found problems:\n  - ${result.problems.join('\n  - ')}`);
  console.log(`  dry --dir build: app.asar holds ${result.asar.length} entries (node_modules: ${result.modules.join(', ')}); the bundles, renderer, assets, the unpacked inference worker and ONNX add-on, and resources/python-bridge are all in place.`);
  console.log('  (A placeholder stood in for the Electron binary, so no installer was made.)');
  rmSync(result.outDir, { recursive: true, force: true });
  process.exit(0);
}

if (!electronBinary()) {
  console.log("Packaging needs Electron's binary, which npm skipped: downloading it once (node node_modules/electron/install.js)…");
  const downloaded = await downloadElectron();
  if (!downloaded.ok || !electronBinary()) fail(noBinarySentence(downloaded.reason ?? 'the installer left no binary'));
}
await ensureRendererBuilt({ force: true }).catch((error) => fail(error.message));
await buildElectron();
const electronDist = path.join(NODE_MODULES, 'electron', 'dist');
process.exit(await run(bin('electron-builder'), ['--config', 'electron-builder.yml', `-c.electronDist=${electronDist}`, ...args]));
