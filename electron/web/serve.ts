// `npm run serve` (and `npm start` without Electron): start the web host and print its URL.
// Usage: node --import tsx electron/web/serve.ts [--port N] [--notebook FILE] [--home DIR]
import '../shared/zod-jitless.js'; // first: before any module builds a schema
import { parseArgs } from 'node:util';
import { defaultHome, resolveAppRoot } from '../core/service/app-paths.js';
import { startWebHost, webHostBanner, type WebHost } from './web-host.js';

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port ${text}: expected a whole number from 0 to 65535 (0 = any free port).`);
  }
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      notebook: { type: 'string' },
      home: { type: 'string' },
    },
    allowPositionals: false,
  });
  const appRoot = resolveAppRoot();
  const home = values.home ?? defaultHome();
  const port = parsePort(values.port);
  let host: WebHost | null = null;
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    if (!host) process.exit(0); // still loading the core: no document is open, nothing to save
    host.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  host = await startWebHost({
    port,
    home,
    appRoot,
    // The engine and the core are most of this bundle: they load while the browser loads the page.
    loadEngine: async () => (await import('../core/service/default-engine.js')).createDefaultEngine({ home, appRoot }),
    onListening: (url) => console.log(webHostBanner(url)),
    ...(values.notebook ? { notebookPath: values.notebook } : {}),
  });
}

main().catch((error: unknown) => {
  console.error(`Organism Studio (web host) could not start: ${(error as Error).message}`);
  process.exit(1);
});
