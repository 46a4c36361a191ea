// The web host with `onListening` (how `npm start` / serve.ts run it): the URL is given and the
// page's files are served before the core has loaded; the core loads once the page's script has
// been sent; requests that arrive while it loads are answered, in order. And the renderer's
// initial requests (initial-requests.ts): events that arrive before the Workspace listens are
// handed over, not lost.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWebStudioApi, type SocketConstructor, type WebStudioApi } from '../../../electron/web/client/web-studio-api.js';
import type { WebHost } from '../../../electron/web/web-host.js';
import { startInitialRequests } from '../../../renderer/src/state/initial-requests.js';
import { startTestHost } from './support.js';

const hosts: Array<Promise<WebHost>> = [];
const apis: WebStudioApi[] = [];
afterEach(async () => {
  apis.splice(0).forEach((api) => api.close());
  await Promise.all(hosts.splice(0).map(async (host) => (await host).close()));
});

function browserSocket(origin: string): SocketConstructor {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  } as unknown as SocketConstructor;
}

/** Starts a deferred host; resolves with its URL as soon as it listens (the host itself may still load). */
function startDeferred(): { url: Promise<string>; host: Promise<WebHost> } {
  let given: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => (given = resolve));
  const host = startTestHost({ onListening: (printed) => given(printed) });
  hosts.push(host);
  return { url, host };
}

describe('web host with a deferred core', () => {
  it('serves the page before the core loads, then loads it once the script was sent', async () => {
    const { url, host } = startDeferred();
    let ready = false;
    void host.then(() => (ready = true));
    const pageUrl = await url;
    const html = await fetch(pageUrl);
    expect(html.status).toBe(200);
    await html.text();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ready).toBe(false); // the HTML alone does not load the core
    const script = await fetch(new URL('/assets/app.js', pageUrl), { headers: { cookie: html.headers.get('set-cookie')?.split(';')[0] ?? '' } });
    expect(script.status).toBe(200);
    await script.text();
    const loaded = await host;
    expect(ready).toBe(true);
    expect(typeof loaded.core.invoke).toBe('function');
  });

  it('answers requests sent while the core is still loading, in order', async () => {
    const { url, host } = startDeferred();
    const pageUrl = await url;
    const origin = new URL(pageUrl).origin;
    const api = createWebStudioApi({ pageUrl, WebSocketImpl: browserSocket(origin), maxBackoffMs: 100 });
    apis.push(api);
    const order: string[] = [];
    const info = api.invoke('app.info', {}).then((reply) => (order.push('app.info'), reply));
    const doc = api.invoke('notebook.new', {}).then((reply) => (order.push('notebook.new'), reply));
    const [infoReply, docReply] = await Promise.all([info, doc]);
    expect(infoReply.host).toBe('web');
    expect(docReply.notebook.cells).toEqual([]);
    expect(order).toEqual(['app.info', 'notebook.new']);
    await host;
  });
});

describe('initial requests', () => {
  it('records the events that arrive before the workspace listens and hands them over in order', async () => {
    const { url, host } = startDeferred();
    const pageUrl = await url;
    const api = createWebStudioApi({ pageUrl, WebSocketImpl: browserSocket(new URL(pageUrl).origin), maxBackoffMs: 100 });
    apis.push(api);
    const initial = startInitialRequests(api, null);
    const doc = await initial.doc;
    const core = (await host).core;
    core.emit('cell.status', { docId: doc.docId, cellId: 'a', status: 'stale' });
    core.emit('bridge.status', { state: 'starting', detail: 'test' });
    await api.invoke('app.info', {}); // a round trip: both events have arrived
    expect(initial.takeEvents().map((event) => event.channel)).toEqual(['cell.status', 'bridge.status']);
    core.emit('cell.status', { docId: doc.docId, cellId: 'a', status: 'idle' });
    await api.invoke('app.info', {});
    expect(initial.takeEvents()).toEqual([]); // recording stopped at the hand-over
    expect(await initial.info).not.toBeNull();
    expect(initial.problems).toEqual([]);
  });

  it('opens the default notebook when the one to reopen is gone, and says so', async () => {
    const { url, host } = startDeferred();
    const pageUrl = await url;
    const api = createWebStudioApi({ pageUrl, WebSocketImpl: browserSocket(new URL(pageUrl).origin), maxBackoffMs: 100 });
    apis.push(api);
    const initial = startInitialRequests(api, '/nowhere/gone.organism.json');
    const doc = await initial.doc;
    expect(doc.path).toMatch(/default-study\.organism\.json$/);
    expect(initial.problems).toHaveLength(1);
    expect(initial.problems[0]).toMatch(/^Could not reopen \/nowhere\/gone\.organism\.json: .+ Opened the default notebook instead\.$/);
    await host;
  });
});
