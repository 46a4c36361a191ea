// `npm run build`: the renderer (Vite → build/renderer/), the Electron host (esbuild →
// build/electron/) and the web host (esbuild → build/web/). Always rebuilds all three; `npm start`
// rebuilds only what is stale.
import { buildElectron } from './lib/build-electron.mjs';
import { WEB_HOST_OUT, buildWebHost } from './lib/build-web-host.mjs';
import { ensureNodeModules, ensureRendererBuilt } from './lib/bootstrap.mjs';
import { ELECTRON_OUT, RENDERER_OUT } from './lib/paths.mjs';
import { fail } from './lib/proc.mjs';

await ensureNodeModules();
await ensureRendererBuilt({ force: true }).catch((error) => fail(error.message));
await buildElectron();
await buildWebHost();
console.log(`Built the renderer in ${RENDERER_OUT}, the Electron host in ${ELECTRON_OUT} and the web host in ${WEB_HOST_OUT}.`);
