// `npm run serve`'s entry point as a real process: it prints the banner with the URL and token,
// honours --port, and refuses bad arguments with a message that says what to pass instead.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../notebook/support/notebooks.js';

const SERVE = path.resolve('electron/web/serve.ts');

function serve(args: string[]): Promise<{ banner: string | null; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SERVE, '--home', tempDir('organism-serve-'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) child.kill('SIGTERM'); // banner printed: stop politely
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => resolve({ banner: out.trim() || null, stderr: err, code }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('serve CLI', () => {
  it('prints the URL with its token on the requested port, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const { banner, code } = await serve(['--port', String(port)]);
    expect(banner).toMatch(new RegExp(`^Organism Studio \\(web host\\) — open http://127\\.0\\.0\\.1:${port}/\\?token=[A-Za-z0-9_-]{32}$`));
    expect(code).toBe(0);
  });

  it('refuses a bad port and a port in use, naming the fix', async () => {
    const bad = await serve(['--port', 'eighty']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--port eighty: expected a whole number from 0 to 65535/);

    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)));
    const busy = await serve(['--port', String(port)]);
    blocker.close();
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use; pick another with --port`));
  });
});
