// A real web host in its own process (placeholder renderer, temp home), so a test can tell a crash
// (the process exits) from a refusal. Prints one JSON line { port, token } once it listens.
// Usage: node --import tsx tests/unit/web/host-process.ts
import { startTestHost } from './support.js';

const host = await startTestHost();
process.stdout.write(`${JSON.stringify({ port: host.port, token: host.token })}\n`);
const stop = (): void => {
  host.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
