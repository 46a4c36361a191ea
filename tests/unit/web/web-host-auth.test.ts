// Who may talk to the web host: token on every HTTP request and the WebSocket, the host's own
// Origin on the WebSocket, loopback only. Real server, real sockets.
import http from 'node:http';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WebHost } from '../../../electron/web/web-host.js';
import { startTestHost } from './support.js';

let host: WebHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => {
  await host.close();
});

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

/** Resolves with the HTTP status of the upgrade (101 when the socket opened). */
function socketStatus(url: string, origin: string | undefined): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

describe('web host access control', () => {
  it('prints a 127.0.0.1 URL carrying the token and listens on loopback only', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses HTTP without the token or with a wrong one (401)', async () => {
    expect((await get(`${host.origin}/`)).status).toBe(401);
    expect((await get(`${host.origin}/?token=wrong`)).status).toBe(401);
    expect((await get(`${host.origin}/?token=${host.token}x`)).status).toBe(401);
    const denied = await get(`${host.origin}/assets/app.js`);
    expect(denied.status).toBe(401);
    expect(denied.body).toMatch(/open the URL with \?token=/);
  });

  it('serves the renderer with the token, sets an HttpOnly SameSite=Strict cookie and a strict CSP', async () => {
    const page = await get(host.url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-testid="notebook"');
    const cookie = page.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain(`ws://127.0.0.1:${host.port}`);
    // The cookie alone is enough afterwards (reloads without ?token=).
    const asset = await get(`${host.origin}/assets/app.js`, { cookie: cookie.split(';')[0]! });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/text\/javascript/);
  });

  it('does not serve files outside the renderer folder', async () => {
    expect((await get(`${host.origin}/..%2f..%2fetc%2fpasswd?token=${host.token}`)).status).toBe(404);
    expect((await get(`${host.origin}/missing.js?token=${host.token}`)).status).toBe(404);
  });

  it('refuses a foreign Host header (DNS rebinding) with 403', async () => {
    expect((await get(host.url, { host: `evil.example:${host.port}` })).status).toBe(403);
  });

  it('opens the WebSocket only with the token and the host own Origin', async () => {
    const ws = `ws://127.0.0.1:${host.port}/api`;
    expect(await socketStatus(ws, host.origin)).toBe(401);
    expect(await socketStatus(`${ws}?token=nope`, host.origin)).toBe(401);
    expect(await socketStatus(`${ws}?token=${host.token}`, 'http://evil.example')).toBe(403);
    expect(await socketStatus(`${ws}?token=${host.token}`, `http://127.0.0.1:${host.port + 1}`)).toBe(403);
    expect(await socketStatus(`${ws}?token=${host.token}`, undefined)).toBe(403);
    expect(await socketStatus(`${ws}?token=${host.token}`, host.origin)).toBe(101);
    expect(await socketStatus(`${ws}?token=${host.token}`, `http://localhost:${host.port}`)).toBe(101);
  });

  it('is not reachable on the machine’s other addresses', async () => {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) {
      // No non-loopback interface here: the bind address itself is the evidence.
      expect(host.origin.startsWith('http://127.0.0.1:')).toBe(true);
      return;
    }
    const result = await get(`http://${external.address}:${host.port}/?token=${host.token}`).then(
      (r) => `status ${r.status}`,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(result).toBe('ECONNREFUSED');
  });
});
