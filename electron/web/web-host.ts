// The web host: the built renderer over HTTP plus one WebSocket carrying the typed StudioApi.
// Used by `npm run serve`, by `npm start` when Electron is not installed, by the e2e tests and by
// the benchmarks. Binds 127.0.0.1 only; see web-security.ts for the token and origin rules.
import { existsSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EnginePort } from '../core/engine-port.js';
import { defaultHome, resolveAppRoot } from '../core/service/app-paths.js';
import { toApiError } from '../core/service/studio-errors.js';
import { createStudioCore, type CoreEvent, type StudioCore } from '../core/studio-core.js';
import { eventChannels, requestChannels, type RequestChannel } from '../shared/api-contract.js';
import { resolveStaticPath, sendStatic, isHtml } from './static-files.js';
import { SECURITY_HEADERS, allowedOrigins, contentSecurityPolicy, newToken, tokenCookie, tokenOf, tokensMatch } from './web-security.js';
import { CLOSE_UNAUTHORIZED, ClientMessageSchema, WEBSOCKET_PATH, type ServerMessage } from './wire-protocol.js';

export interface WebHostOptions {
  /** TCP port on 127.0.0.1; 0 or undefined picks a free one. */
  port?: number;
  /** ORGANISM_STUDIO_HOME (default: $ORGANISM_STUDIO_HOME or ~/.organism-studio). */
  home?: string;
  /** Notebook opened by `notebook.openDefault` (default: the bundled default, copied into home). */
  notebookPath?: string;
  engine?: EnginePort;
  /** The built renderer (default: <appRoot>/build/renderer). */
  rendererDir?: string;
  appRoot?: string;
  autosaveDelayMs?: number;
  /** Fixed token (tests); default: 24 random bytes. */
  token?: string;
}

export interface WebHost {
  /** http://127.0.0.1:PORT/?token=… — open this. */
  url: string;
  origin: string;
  port: number;
  token: string;
  core: StudioCore;
  close(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions = {}): Promise<WebHost> {
  const appRoot = options.appRoot ?? resolveAppRoot();
  const rendererDir = path.resolve(options.rendererDir ?? path.join(appRoot, 'build', 'renderer'));
  const token = options.token ?? newToken();
  const core = createStudioCore({
    home: options.home ?? defaultHome(),
    appRoot,
    host: 'web',
    ...(options.engine ? { engine: options.engine } : {}),
    ...(options.notebookPath ? { defaultNotebookPath: path.resolve(options.notebookPath) } : {}),
    ...(options.autosaveDelayMs !== undefined ? { autosaveDelayMs: options.autosaveDelayMs } : {}),
  });

  let port = 0;
  const server = http.createServer((request, response) => {
    handleHttp(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`Internal error: ${(error as Error).message}\n`);
    });
  });

  const handleHttp = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    if (!hostHeaderAllowed(request, port)) return refuse(response, 403, 'Forbidden: unexpected Host header (open the URL the host printed).');
    if (!tokensMatch(token, tokenOf(request, url))) {
      return refuse(response, 401, 'Unauthorized: open the URL with ?token=… that Organism Studio printed when it started.');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'Method not allowed.');
    const headers: Record<string, string> = { ...SECURITY_HEADERS, 'Set-Cookie': tokenCookie(token) };
    if (!existsSync(path.join(rendererDir, 'index.html'))) {
      return refuse(response, 503, `The renderer is not built (no ${path.join(rendererDir, 'index.html')}). Build it with: npx vite build --config renderer/vite.config.ts (npm start does this for you).`);
    }
    const file = resolveStaticPath(rendererDir, url.pathname);
    if (file && isHtml(file)) headers['Content-Security-Policy'] = contentSecurityPolicy(port);
    await sendStatic(response, file, headers, request.method === 'HEAD');
  };

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const reject = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== WEBSOCKET_PATH) return reject(404, 'Not Found');
    if (!hostHeaderAllowed(request, port)) return reject(403, 'Forbidden');
    if (!tokensMatch(token, tokenOf(request, url))) return reject(401, 'Unauthorized');
    const origin = request.headers.origin;
    if (!origin || !allowedOrigins(port).has(origin)) return reject(403, 'Forbidden');
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });

  sockets.on('connection', (ws: WebSocket) => {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return send(ws, { type: 'error', id: null, error: { code: 'bad-message', message: 'binary messages are not part of the API; send JSON text.' } });
      void handleMessage(ws, data.toString());
    });
  });

  const handleMessage = async (ws: WebSocket, text: string): Promise<void> => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return send(ws, { type: 'error', id: null, error: { code: 'bad-message', message: 'the message is not valid JSON.' } });
    }
    const message = ClientMessageSchema.safeParse(json);
    if (!message.success) {
      return send(ws, { type: 'error', id: null, error: { code: 'bad-message', message: `malformed request envelope: ${message.error.issues[0]?.message ?? 'invalid'} (expected {type:"request", id, channel, request}).` } });
    }
    const { id, channel, request } = message.data;
    try {
      const reply = await core.invoke(channel as RequestChannel, request);
      // Validate what leaves the process too: a bad reply is a core bug, reported as an error.
      const checked = requestChannels[channel as RequestChannel].reply.parse(reply);
      send(ws, { type: 'reply', id, reply: checked });
    } catch (error) {
      send(ws, { type: 'error', id, error: toApiError(error) });
    }
  };

  const unsubscribe = core.subscribe((event: CoreEvent) => {
    const parsed = eventChannels[event.channel].safeParse(event.payload);
    if (!parsed.success) {
      console.error(`[web-host] dropped an invalid ${event.channel} event: ${parsed.error.issues[0]?.message ?? ''}`);
      return;
    }
    const text = JSON.stringify({ type: 'event', channel: event.channel, payload: parsed.data } satisfies ServerMessage);
    for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(text);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        reject(error.code === 'EADDRINUSE' ? new Error(`port ${options.port} on 127.0.0.1 is already in use; pick another with --port or leave it out for a free one.`) : error);
      });
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    unsubscribe();
    sockets.close();
    await core.dispose();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    core,
    async close() {
      unsubscribe();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await core.dispose();
    },
  };
}

export function webHostBanner(host: WebHost): string {
  return `Organism Studio (web host) — open ${host.url}`;
}

function send(ws: WebSocket, message: ServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function refuse(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
  response.end(`${text}\n`);
}

/** DNS-rebinding guard: only our loopback names may appear in Host. */
function hostHeaderAllowed(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}
