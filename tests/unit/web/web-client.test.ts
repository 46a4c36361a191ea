// The browser client (web-studio-api.ts) against a real web host over a real WebSocket (the `ws`
// package stands in for the browser's WebSocket, with the Origin a browser would send).
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWebStudioApi, type SocketConstructor, type WebStudioApi } from '../../../electron/web/client/web-studio-api.js';
import type { WebHost } from '../../../electron/web/web-host.js';
import { startTestHost } from './support.js';

const hosts: WebHost[] = [];
const apis: WebStudioApi[] = [];
afterEach(async () => {
  apis.splice(0).forEach((api) => api.close());
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

function browserSocket(origin: string): SocketConstructor {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  } as unknown as SocketConstructor;
}

async function connect(options: { port?: number; token?: string } = {}): Promise<{ host: WebHost; api: WebStudioApi }> {
  const host = await startTestHost(options);
  hosts.push(host);
  const api = createWebStudioApi({ pageUrl: host.url, WebSocketImpl: browserSocket(host.origin), maxBackoffMs: 100 });
  apis.push(api);
  return { host, api };
}

describe('web StudioApi client', () => {
  it('invokes channels, receives events and validates replies', async () => {
    const { api } = await connect();
    const changes: string[] = [];
    api.on('document.changed', (state) => changes.push(state.notebook.title));
    const doc = await api.invoke('notebook.new', {});
    const edited = await api.invoke('notebook.edit', { docId: doc.docId, edit: { op: 'setTitle', title: 'Backdoor study' } });
    expect(edited.notebook.title).toBe('Backdoor study');
    expect(edited.canUndo).toBe(true);
    expect(changes).toEqual(['Backdoor study']);
    expect((await api.invoke('app.info', {})).host).toBe('web');
  });

  it('rejects with the core error code and message', async () => {
    const { api } = await connect();
    await expect(api.invoke('notebook.undo', { docId: 'missing' })).rejects.toMatchObject({ code: 'unknown-document', message: expect.stringContaining('open it again') });
    // Invalid requests are caught before they leave the page.
    await expect(api.invoke('notebook.open', { path: '' })).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('the host answers malformed messages with an error instead of crashing', async () => {
    const { host } = await connect();
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, { origin: host.origin });
    await new Promise((r) => ws.once('open', r));
    const replies: unknown[] = [];
    ws.on('message', (data: Buffer) => replies.push(JSON.parse(data.toString())));
    ws.send('not json');
    ws.send(JSON.stringify({ type: 'request', id: 'x', channel: 'app.info' }));
    ws.send(JSON.stringify({ type: 'request', id: 7, channel: 'notebook.open', request: { path: 5 } }));
    while (replies.length < 3) await new Promise((r) => setTimeout(r, 10));
    ws.close();
    expect(replies).toEqual([
      { type: 'error', id: null, error: { code: 'bad-message', message: 'the message is not valid JSON.' } },
      { type: 'error', id: null, error: expect.objectContaining({ code: 'bad-message' }) },
      { type: 'error', id: 7, error: expect.objectContaining({ code: 'bad-request', message: expect.stringContaining('path') }) },
    ]);
  });

  it('reconnects after the host restarts, and queued requests go through', async () => {
    const { host, api } = await connect();
    await api.invoke('app.info', {});
    const states: string[] = [];
    api.onConnectionChange((s) => states.push(s));
    const { port, token } = host;
    await host.close();
    hosts.splice(hosts.indexOf(host), 1);
    while (api.connection !== 'reconnecting') await new Promise((r) => setTimeout(r, 10));
    const pending = api.invoke('notebook.new', {}); // waits for the connection
    hosts.push(await startTestHost({ port, token }));
    const doc = await pending;
    expect(doc.path).toBeNull();
    expect(states).toEqual(['reconnecting', 'open']);
  });
});
