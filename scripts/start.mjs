// `npm start`: Organism Studio in Electron when its binary is installed, otherwise the web host on
// the default notebook (its URL, with the access token, is printed). `npm run serve` (--web) always
// starts the web host. Extra arguments (--port N, --notebook FILE, --home DIR) go to the web host.
// On an already set-up clone the checks cost a few stat calls (setup stamp, renderer and host
// bundle freshness) and the web host runs from its esbuild bundle inside this process, so the URL
// is printed about 0.4 s after this script's spawn (npm's own start adds ~0.35 s before it: run
// `node scripts/start.mjs` to skip it); the host loads its core while the browser loads the page,
// and the Python bridge and ONNX sessions start on first use.
import { createRequire } from 'node:module';
import { buildElectron } from './lib/build-electron.mjs';
import { WEB_HOST_BUNDLE, ensureWebHostBuilt } from './lib/build-web-host.mjs';
import { electronBinary, ensureRendererBuilt, ensureSetUp } from './lib/bootstrap.mjs';
import { ROOT } from './lib/paths.mjs';
import { fail, run } from './lib/proc.mjs';

const args = process.argv.slice(2);
const webRequested = args.includes('--web');
const hostArgs = args.filter((arg) => arg !== '--web');

await ensureSetUp(['python3-torch', 'python3-onnx', 'libopenblas0-pthread']);
await ensureRendererBuilt().catch((error) => fail(error.message));

const electron = webRequested ? null : electronBinary();
if (electron) {
  await buildElectron();
  console.log(`Opening Organism Studio in Electron (${electron}).`);
  process.exit(await run(electron, [ROOT, ...hostArgs]));
}

await ensureWebHostBuilt().catch((error) => fail(`bundling the web host failed: ${error.message}`));
const reason = webRequested
  ? 'the web host was asked for (npm run serve / --web)'
  : 'the Electron binary is not installed (npm skips its download here; `node node_modules/electron/install.js` fetches it when a network is available)';
console.log(`Starting the web host, because ${reason}. Open the URL below in a browser; Ctrl+C stops it.`);
// In this process rather than a child: one Node start fewer. The bundle reads its arguments from
// process.argv as `node build/web/serve.cjs …` would see them, and handles Ctrl+C itself.
process.argv = [process.argv[0] ?? process.execPath, WEB_HOST_BUNDLE, ...hostArgs];
createRequire(import.meta.url)(WEB_HOST_BUNDLE);
