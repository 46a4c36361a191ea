// `npm run build`: the renderer (Vite → build/renderer/) and the Electron host (esbuild →
// build/electron/). Always rebuilds both.
import { buildElectron } from './lib/build-electron.mjs';
import { ensureNodeModules, ensureRendererBuilt } from './lib/bootstrap.mjs';
import { ELECTRON_OUT, RENDERER_OUT } from './lib/paths.mjs';
import { fail } from './lib/proc.mjs';

await ensureNodeModules();
await ensureRendererBuilt({ force: true }).catch((error) => fail(error.message));
await buildElectron();
console.log(`Built the renderer in ${RENDERER_OUT} and the Electron host in ${ELECTRON_OUT}.`);
