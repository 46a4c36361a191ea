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
import type { CoreEvent, StudioCore } from '../core/studio-core.js';
import type { RequestChannel } from '../shared/api-contract.js';
import { resolveStaticPath, sendStatic, isHtml } from './static-files.js';
import { SECURITY_HEADERS, allowedOrigins, contentSecurityPolicy, newToken, tokenCookie, tokenOf, tokensMatch } from './web-security.js';
import { MAX_MESSAGE_BYTES, WEBSOCKET_PATH } from './wire-constants.js';
import type { ServerMessage } from './wire-protocol.js';

/** The core and what handles its messages: most of the host's code, loaded by `import()`. */
interface ApiSide {
  core: StudioCore;
  handleMessage(ws: WebSocket, text: string): Promise<void>;
  unsubscribe(): void;
}

/** With `onListening`, the API side loads at the latest this long after the server listens. */
const DEFERRED_LOAD_MS = 1000;

export interface WebHostOptions {
  /** TCP port on 127.0.0.1; 0 or undefined picks a free one. */
  port?: number;
  /** ORGANISM_STUDIO_HOME (default: $ORGANISM_STUDIO_HOME or ~/.organism-studio). */
  home?: string;
  /** Notebook opened by `notebook.openDefault` (default: the bundled default, copied into home). */
  notebookPath?: string;
  engine?: EnginePort;
  /** Builds the engine when the API side loads (the default engine is a large part of the host). */
  loadEngine?: () => Promise<EnginePort>;
  /**
   * Called as soon as the server listens, before the core has loaded (print the URL here). The
   * core and the API schemas then load once the page's script has been sent (or after 1 s without
   * a page): Node runs one thing at a time, so loading them first would hold the page's files back,
   * and loading them after lets the browser compile the renderer while the host loads. The
   * returned promise still resolves once the core is ready.
   */
  onListening?: (url: string) => void;
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
  const deferLoad = options.onListening !== undefined;

  let port = 0;
  // Nothing a client sends may throw into the event loop: a page on any local origin can reach
  // this port without the token, so every handler ends in a reply or a closed socket, never a crash.
  const server = http.createServer((request, response) => {
    handleHttp(request, response).catch((error: unknown) => {
      console.error(`[web-host] ${request.method ?? '?'} request failed:`, error);
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      response.end('Internal error (see the host log).\n');
    });
  });
  // Malformed HTTP (bad request line, header overflow, …): Node calls this instead of a handler.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  const handleHttp = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = parseRequestUrl(request.url, port);
    if (!url) return refuse(response, 400, 'Bad request: the request URL does not parse.');
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
    // The page's script is on its way: load the API side while the browser compiles it.
    if (deferLoad && file?.endsWith('.js')) response.once('finish', () => setImmediate(() => void api().catch(() => {})));
    await sendStatic(response, file, headers, request.method === 'HEAD');
  };

  // A frame over maxPayload closes that one socket (1009); the client refuses to send one first.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (request, socket, head) => {
    // The raw socket has no error listener of its own here: a reset would otherwise crash the host.
    socket.on('error', () => socket.destroy());
    const reject = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    try {
      const url = parseRequestUrl(request.url, port);
      if (!url) return reject(400, 'Bad Request');
      if (url.pathname !== WEBSOCKET_PATH) return reject(404, 'Not Found');
      if (!hostHeaderAllowed(request, port)) return reject(403, 'Forbidden');
      if (!tokensMatch(token, tokenOf(request, url))) return reject(401, 'Unauthorized');
      const origin = request.headers.origin;
      if (!origin || !allowedOrigins(port).has(origin)) return reject(403, 'Forbidden');
      sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
    } catch (error) {
      console.error('[web-host] WebSocket upgrade failed:', error);
      reject(400, 'Bad Request');
    }
  });

  sockets.on('connection', (ws: WebSocket) => {
    // Protocol errors (oversized or unmasked frames, invalid UTF-8, bad opcodes or close codes) are
    // emitted here; ws closes the socket itself. Without a listener the emit would kill the host.
    ws.on('error', (error) => console.error(`[web-host] closed a WebSocket after a protocol error: ${error.message}`));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return send(ws, { type: 'error', id: null, error: { code: 'bad-message', message: 'binary messages are not part of the API; send JSON text.' } });
      const text = data.toString();
      // Messages that arrive while the API side loads wait for it, in order (one promise, .then in turn).
      api()
        .then((side) => side.handleMessage(ws, text))
        .catch((error: unknown) => console.error('[web-host] a message failed:', error));
    });
  });

  const loadApiSide = async (): Promise<ApiSide> => {
    const [{ createStudioCore }, { eventChannels, requestChannels }, { ClientMessageSchema }, { toApiError }] = await Promise.all([
      import('../core/studio-core.js'),
      import('../shared/api-contract.js'),
      import('./wire-protocol.js'),
      import('../core/service/studio-errors.js'),
    ]);
    const engine = options.engine ?? (options.loadEngine ? await options.loadEngine() : undefined);
    const core = createStudioCore({
      home: options.home ?? defaultHome(),
      appRoot,
      host: 'web',
      ...(engine ? { engine } : {}),
      ...(options.notebookPath ? { defaultNotebookPath: path.resolve(options.notebookPath) } : {}),
      ...(options.autosaveDelayMs !== undefined ? { autosaveDelayMs: options.autosaveDelayMs } : {}),
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
      for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(text, sendFailed);
    });
    return { core, handleMessage, unsubscribe };
  };

  let apiSide: Promise<ApiSide> | null = null;
  let loadStarted: (side: Promise<ApiSide>) => void = () => {};
  const loaded = new Promise<ApiSide>((resolve) => (loadStarted = resolve));
  const api = (): Promise<ApiSide> => {
    if (!apiSide) {
      apiSide = loadApiSide();
      loadStarted(apiSide);
    }
    return apiSide;
  };

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        reject(error.code === 'EADDRINUSE' ? new Error(`port ${options.port} on 127.0.0.1 is already in use; pick another with --port or leave it out for a free one.`) : error);
      });
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    sockets.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const url = `${origin}/?token=${token}`;
  let fallback: ReturnType<typeof setTimeout> | undefined;
  if (deferLoad) {
    options.onListening?.(url);
    fallback = setTimeout(() => void api().catch(() => {}), DEFERRED_LOAD_MS);
  } else {
    void api();
  }
  const close = async (side: ApiSide | null): Promise<void> => {
    clearTimeout(fallback);
    side?.unsubscribe();
    for (const client of sockets.clients) client.terminate();
    sockets.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await side?.core.dispose();
  };
  let side: ApiSide;
  try {
    side = await loaded;
  } catch (error) {
    await close(null);
    throw error;
  }

  return {
    url,
    origin,
    port,
    token,
    core: side.core,
    close: () => close(side),
  };
}

export function webHostBanner(url: string): string {
  return `Organism Studio (web host) — open ${url}`;
}

function send(ws: WebSocket, message: ServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message), sendFailed);
}

/** A send to a socket that is closing fails asynchronously; that socket is gone, the host is not. */
function sendFailed(error?: Error): void {
  if (error) console.error(`[web-host] could not send to a WebSocket: ${error.message}`);
}

/** The request target as a URL, or null when it does not parse (answered 400, never thrown). */
export function parseRequestUrl(target: string | undefined, port: number): URL | null {
  try {
    return new URL(target ?? '/', `http://127.0.0.1:${port}`);
  } catch {
    return null;
  }
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
