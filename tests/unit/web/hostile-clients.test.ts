// Whatever a client sends — with or without the token — the web host answers it or closes that one
// connection, and keeps serving everyone else. A real host in its own process (so a crash shows as
// an exit), raw TCP for the requests and frames no well-behaved client would send.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWebStudioApi, type SocketConstructor } from '../../../electron/web/client/web-studio-api.js';
import { MAX_MESSAGE_BYTES } from '../../../electron/web/wire-protocol.js';
import { propertyOptions } from '../support/fast-check.js';

interface HostProcess {
  port: number;
  token: string;
  child: ChildProcess;
  stderr: () => string;
}

let host: HostProcess;

function startHostProcess(): Promise<HostProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'host-process.ts')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        const { port, token } = JSON.parse(line) as { port: number; token: string };
        resolve({ port, token, child, stderr: () => err });
      }
    });
    child.on('exit', (code) => reject(new Error(`the host exited (${code}) before listening: ${err}`)));
  });
}

/** Write `bytes`, half-close, and collect whatever comes back until the host closes (or 3 s pass). */
function exchange(bytes: Buffer | string, endWrite = true): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(host.port, '127.0.0.1');
    let received = '';
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(received);
    };
    const timer = setTimeout(done, 3000);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('close', done);
    socket.on('error', done);
    socket.write(bytes);
    if (endWrite) socket.end();
  });
}

function statusOf(response: string): number | null {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(response);
  return match ? Number(match[1]) : null;
}

/** The host is alive when its process runs and a proper client gets a reply to app.info. */
async function expectAlive(): Promise<void> {
  expect(host.child.exitCode, `the host exited; its stderr:\n${host.stderr()}`).toBeNull();
  const reply = await new Promise<unknown>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, { origin: `http://127.0.0.1:${host.port}` });
    ws.on('open', () => ws.send(JSON.stringify({ type: 'request', id: 1, channel: 'app.info', request: {} })));
    ws.on('message', (data: Buffer) => {
      ws.close();
      resolve(JSON.parse(data.toString()));
    });
    ws.on('error', reject);
  });
  expect(reply).toMatchObject({ type: 'reply', id: 1 });
}

beforeAll(async () => {
  host = await startHostProcess();
});
afterAll(() => {
  host.child.kill('SIGTERM');
});

// Request targets a browser would never send but a socket can: ones that do not parse as URLs,
// broken escapes, absolute forms with bad ports or hosts, and arbitrary printable text.
const nastyTarget = fc.oneof(
  fc.constantFrom('http://[', '//[', 'http://[::1', 'http://a:99999/', '/%', '/%zz', '/?token=%zz', '*', '//', 'http://', '/\\..\\..', '/api?token=%', '/api%', ':'),
  fc.webPath(),
  fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).map((s) => s.replace(/[\s]/g, '')),
  fc.tuple(fc.constantFrom('http://', '//', '/api', '/'), fc.string({ maxLength: 20 })).map(([a, b]) => `${a}${encodeURI(b)}`),
);

describe('the web host survives hostile clients', () => {
  it('answers any HTTP request with a 2xx/3xx/4xx, before and after the token, and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'HEAD', 'POST', 'OPTIONS', 'DELETE', 'BREW'),
        nastyTarget,
        fc.boolean(),
        fc.constantFrom('good', 'evil', 'none'),
        fc.option(fc.string({ maxLength: 40 }).map((s) => `organism_studio_token=${s}`)),
        async (method, target, withToken, hostHeader, cookie) => {
          const sep = target.includes('?') ? '&' : '?';
          const lines = [`${method} ${target}${withToken ? `${sep}token=${host.token}` : ''} HTTP/1.1`];
          if (hostHeader !== 'none') lines.push(`Host: ${hostHeader === 'good' ? `127.0.0.1:${host.port}` : 'evil.example'}`);
          if (cookie !== null) lines.push(`Cookie: ${cookie.replace(/[\r\n]/g, '')}`);
          lines.push('Connection: close', '', '');
          const status = statusOf(await exchange(lines.join('\r\n')));
          // No answer at all is acceptable only when the host closed the connection on purpose.
          if (status !== null) expect(status < 500, `status ${status} for ${JSON.stringify(lines[0])}`).toBe(true);
          expect(host.child.exitCode).toBeNull();
        },
      ),
      propertyOptions(80),
    );
    await expectAlive();
  });

  it('answers any WebSocket upgrade with 101 or a 4xx and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(nastyTarget, fc.boolean(), fc.boolean(), fc.constantFrom('dGhlIHNhbXBsZSBub25jZQ==', 'short', ''), async (target, withToken, goodOrigin, key) => {
        const sep = target.includes('?') ? '&' : '?';
        const request = [
          `GET ${target}${withToken ? `${sep}token=${host.token}` : ''} HTTP/1.1`,
          `Host: 127.0.0.1:${host.port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${key}`,
          'Sec-WebSocket-Version: 13',
          `Origin: ${goodOrigin ? `http://127.0.0.1:${host.port}` : 'http://evil.example'}`,
          '',
          '',
        ].join('\r\n');
        const status = statusOf(await exchange(request));
        if (status !== null) expect(status === 101 || (status >= 400 && status < 500), `status ${status} for ${JSON.stringify(target)}`).toBe(true);
        expect(host.child.exitCode).toBeNull();
      }),
      propertyOptions(60),
    );
    await expectAlive();
  });

  it('closes only the offending socket on any WebSocket protocol error after authentication', async () => {
    const frame = fc.record({
      fin: fc.boolean(),
      rsv: fc.integer({ min: 0, max: 7 }),
      opcode: fc.integer({ min: 0, max: 15 }),
      masked: fc.boolean(),
      payload: fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.constant(Uint8Array.from([0xc3, 0x28])), fc.constant(Uint8Array.from([0x03, 0xe7]))),
      // Declared length: the real one, or a lie (bigger than maxPayload, or bigger than what follows).
      declared: fc.oneof(fc.constant(null), fc.constantFrom(MAX_MESSAGE_BYTES + 1, 2 ** 53 - 1, 65_536, 126)),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 4 }), async (frames) => {
        const upgrade = [
          `GET /api?token=${host.token} HTTP/1.1`,
          `Host: 127.0.0.1:${host.port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Version: 13',
          `Origin: http://127.0.0.1:${host.port}`,
          '',
          '',
        ].join('\r\n');
        const bytes = Buffer.concat([Buffer.from(upgrade), ...frames.map(encodeFrame)]);
        const response = await exchange(bytes);
        expect(statusOf(response)).toBe(101);
        expect(host.child.exitCode, host.stderr()).toBeNull();
      }),
      propertyOptions(60),
    );
    await expectAlive();
  });

  it('survives a 65 MB message, keeping the edits sent before it', async () => {
    const url = `ws://127.0.0.1:${host.port}/api?token=${host.token}`;
    const origin = `http://127.0.0.1:${host.port}`;
    const ws = await openSocket(url, origin);
    const replies = new Map<number, { type: string; reply?: { docId: string; notebook: { title: string } } }>();
    const waiters = new Map<number, () => void>();
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type: string; id?: number };
      if (message.type === 'event' || message.id === undefined) return;
      replies.set(message.id, message as never);
      waiters.get(message.id)?.();
    });
    const request = (id: number, channel: string, body: unknown): Promise<void> =>
      new Promise((resolve) => {
        waiters.set(id, resolve);
        ws.send(JSON.stringify({ type: 'request', id, channel, request: body }));
      });
    await request(1, 'notebook.new', {});
    const docId = replies.get(1)?.reply?.docId as string;
    await request(2, 'notebook.edit', { docId, edit: { op: 'setTitle', title: 'kept before the big edit' } });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('error', () => undefined); // the host hangs up mid-send: expected
    const huge = 'x'.repeat(65 * 1024 * 1024);
    ws.send(JSON.stringify({ type: 'request', id: 3, channel: 'notebook.edit', request: { docId, edit: { op: 'addCell', index: 0, kind: 'markdown', config: { source: huge } } } }));
    expect(await closed).toBe(1009); // message too big: that socket only
    await expectAlive();

    // The edit before it is still in the document: undo on a fresh connection shows it was applied.
    const again = await openSocket(url, origin);
    const state = await new Promise<{ type: string; reply: { notebook: { title: string }; canUndo: boolean } }>((resolve) => {
      again.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { type: string; id?: number };
        if (message.id === 4) resolve(message as never);
      });
      again.send(JSON.stringify({ type: 'request', id: 4, channel: 'notebook.save', request: { docId, path: `hostile-${Date.now()}.organism.json` } }));
    });
    again.close();
    expect(state.type).toBe('reply');
    expect(state.reply.notebook.title).toBe('kept before the big edit');
  });

  it('answers a request nested 100,000 levels deep with an error naming where, and keeps serving', async () => {
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, `http://127.0.0.1:${host.port}`);
    const reply = (id: number): Promise<{ type: string; error?: { message: string }; reply?: { docId: string } }> =>
      new Promise((resolve) =>
        ws.on('message', (data: Buffer) => {
          const message = JSON.parse(data.toString()) as { id?: number };
          if (message.id === id) resolve(message as never);
        }),
      );
    const opened = reply(1);
    ws.send(JSON.stringify({ type: 'request', id: 1, channel: 'notebook.new', request: {} }));
    const docId = (await opened).reply?.docId as string;
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const refused = reply(2);
    ws.send(`{"type":"request","id":2,"channel":"notebook.edit","request":{"docId":"${docId}","edit":{"op":"addCell","index":0,"kind":"markdown","config":{"deep":${deep}}}}}`);
    expect((await refused).error?.message).toMatch(/nested too deeply at cells\[0\]\.config\.deep/);
    ws.close();
    await expectAlive();
  });

  it('has the browser client refuse a message over the limit, saying so, without losing the connection', async () => {
    const origin = `http://127.0.0.1:${host.port}`;
    const api = createWebStudioApi({
      pageUrl: `${origin}/?token=${host.token}`,
      WebSocketImpl: class extends WebSocket {
        constructor(url: string) {
          super(url, { origin });
        }
      } as unknown as SocketConstructor,
    });
    try {
      const doc = await api.invoke('notebook.new', {});
      const huge = 'é'.repeat(MAX_MESSAGE_BYTES / 2); // 2 bytes each in UTF-8: just over the limit
      await expect(api.invoke('notebook.edit', { docId: doc.docId, edit: { op: 'setTitle', title: huge } })).rejects.toMatchObject({
        code: 'too-large',
        message: expect.stringMatching(/more than the 64\.0 MB the web host accepts in one message; it was not sent/),
      });
      expect(api.connection).toBe('open');
      expect((await api.invoke('notebook.edit', { docId: doc.docId, edit: { op: 'setTitle', title: 'small' } })).notebook.title).toBe('small');
    } finally {
      api.close();
    }
  });
});

function openSocket(url: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** One WebSocket frame from its header fields (RFC 6455 §5.2), honest or not. */
function encodeFrame(f: { fin: boolean; rsv: number; opcode: number; masked: boolean; payload: Uint8Array; declared: number | null }): Buffer {
  const length = f.declared ?? f.payload.length;
  const head: number[] = [(f.fin ? 0x80 : 0) | (f.rsv << 4) | f.opcode];
  const maskBit = f.masked ? 0x80 : 0;
  if (length < 126) head.push(maskBit | length);
  else if (length < 65_536) head.push(maskBit | 126, length >> 8, length & 0xff);
  else {
    head.push(maskBit | 127);
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(length));
    head.push(...big);
  }
  const mask = [0x12, 0x34, 0x56, 0x78];
  const body = Buffer.from(f.payload.map((b, i) => (f.masked ? b ^ (mask[i % 4] as number) : b)));
  return Buffer.concat([Buffer.from(head), f.masked ? Buffer.from(mask) : Buffer.alloc(0), body]);
}
