// `npm start`: Organism Studio in Electron when its binary is installed, otherwise the web host on
// the default notebook (its URL, with the access token, is printed). `npm run serve` (--web) always
// starts the web host. Extra arguments (--port N, --notebook FILE, --home DIR) go to the web host.
import { buildElectron } from './lib/build-electron.mjs';
import { electronBinary, ensureNodeModules, ensureRendererBuilt, ensureSystemPackages } from './lib/bootstrap.mjs';
import { ROOT, bin } from './lib/paths.mjs';
import { fail, run } from './lib/proc.mjs';

const args = process.argv.slice(2);
const webRequested = args.includes('--web');
const hostArgs = args.filter((arg) => arg !== '--web');

await ensureNodeModules();
await ensureSystemPackages(['python3-torch', 'python3-onnx', 'libopenblas0-pthread']);
await ensureRendererBuilt().catch((error) => fail(error.message));

const electron = webRequested ? null : electronBinary();
if (electron) {
  await buildElectron();
  console.log(`Opening Organism Studio in Electron (${electron}).`);
  process.exit(await run(electron, [ROOT, ...hostArgs]));
}

const reason = webRequested
  ? 'the web host was asked for (npm run serve / --web)'
  : 'the Electron binary is not installed (npm skips its download here; `node node_modules/electron/install.js` fetches it when a network is available)';
console.log(`Starting the web host, because ${reason}. Open the URL below in a browser; Ctrl+C stops it.`);
process.exit(await run(process.execPath, ['--import', 'tsx', 'electron/web/serve.ts', ...hostArgs], { env: { PATH: `${bin('')}:${process.env.PATH ?? ''}` } }));
