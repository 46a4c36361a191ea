// `npm run dist`: desktop installers with electron-builder (config: electron-builder.yml). Uses the
// Electron binary already in node_modules (electronDist) so packaging downloads no Electron build;
// without that binary it stops and says how to get it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildElectron } from './lib/build-electron.mjs';
import { electronBinary, ensureNodeModules, ensureRendererBuilt } from './lib/bootstrap.mjs';
import { NODE_MODULES, bin } from './lib/paths.mjs';
import { fail, run } from './lib/proc.mjs';

await ensureNodeModules();
if (!electronBinary()) {
  fail('packaging needs the Electron binary in node_modules/electron/dist, which npm skipped. Fetch it (network needed) with: node node_modules/electron/install.js');
}
await ensureRendererBuilt({ force: true }).catch((error) => fail(error.message));
await buildElectron();
const electronDist = path.join(NODE_MODULES, 'electron', 'dist');
if (!existsSync(electronDist)) fail(`missing ${electronDist}`);
process.exit(await run(bin('electron-builder'), ['--config', 'electron-builder.yml', `-c.electronDist=${electronDist}`, ...process.argv.slice(2)]));
