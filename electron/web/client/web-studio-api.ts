// The browser side of the web host: a StudioApi over one WebSocket. Requests carry ids and wait
// for their reply; events fan out to listeners; every message and payload is validated with the
// contract's schemas. The socket reconnects with backoff; requests made while disconnected wait
// for the connection, and requests in flight when it drops fail with code 'disconnected'.
// No Node imports: the renderer bundles this file.
import { z } from 'zod';
import {
  ApiErrorSchema,
  eventChannels,
  requestChannels,
  type ApiError,
  type EventChannel,
  type EventOf,
  type ReplyOf,
  type RequestChannel,
  type RequestOf,
  type StudioApi,
} from '../../shared/api-contract.js';
import { CLOSE_UNAUTHORIZED, MAX_MESSAGE_BYTES, ServerMessageSchema, WEBSOCKET_PATH, type ClientMessage } from '../wire-protocol.js';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface WebStudioApi extends StudioApi {
  readonly connection: ConnectionState;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

/** The part of the browser's WebSocket this client uses (also satisfied by the `ws` package). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
}
export type SocketConstructor = new (url: string) => SocketLike;
const OPEN = 1;

export interface WebStudioApiOptions {
  /** Page URL to derive the socket URL and token from (default: window.location.href). */
  pageUrl?: string;
  /** Token (default: the page URL's ?token=; the HttpOnly cookie covers reloads without it). */
  token?: string;
  /** WebSocket constructor (default: globalThis.WebSocket). */
  WebSocketImpl?: SocketConstructor;
  maxBackoffMs?: number;
}

/** A rejected invoke: `code` and `message` come from the core (message names problem and fix). */
export class StudioApiError extends Error implements ApiError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'StudioApiError';
  }
}

interface Pending {
  channel: RequestChannel;
  resolve: (reply: unknown) => void;
  reject: (error: StudioApiError) => void;
}

export function socketUrlFor(pageUrl: string, token: string | null): string {
  const page = new URL(pageUrl);
  const socket = new URL(WEBSOCKET_PATH, page);
  socket.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  socket.search = '';
  if (token) socket.searchParams.set('token', token);
  return socket.toString();
}

export function createWebStudioApi(options: WebStudioApiOptions = {}): WebStudioApi {
  const pageUrl = options.pageUrl ?? (globalThis as { location?: { href: string } }).location?.href;
  if (!pageUrl) throw new Error('createWebStudioApi: no page URL (pass options.pageUrl outside a browser).');
  const token = options.token ?? new URL(pageUrl).searchParams.get('token');
  const Impl = options.WebSocketImpl ?? (globalThis as { WebSocket?: SocketConstructor }).WebSocket;
  if (!Impl) throw new Error('createWebStudioApi: no WebSocket implementation (pass options.WebSocketImpl).');
  const url = socketUrlFor(pageUrl, token);
  const maxBackoffMs = options.maxBackoffMs ?? 5000;

  const pending = new Map<number, Pending>();
  const outbox: string[] = [];
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let nextId = 1;
  let socket: SocketLike | null = null;
  let state: ConnectionState = 'connecting';
  let attempts = 0;
  let closedByUser = false;

  const setState = (next: ConnectionState): void => {
    if (next === state) return;
    state = next;
    for (const listener of connectionListeners) listener(next);
  };

  const failPending = (code: string, message: string): void => {
    for (const [id, p] of pending) {
      pending.delete(id);
      p.reject(new StudioApiError(code, message));
    }
  };

  const handle = (text: string): void => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      console.error('[studio-api] ignored a message that is not JSON');
      return;
    }
    const parsed = ServerMessageSchema.safeParse(json);
    if (!parsed.success) {
      console.error('[studio-api] ignored a malformed message:', parsed.error.issues[0]?.message);
      return;
    }
    const message = parsed.data;
    if (message.type === 'event') {
      if (!Object.hasOwn(eventChannels, message.channel)) return;
      const channel = message.channel as EventChannel;
      const payload = eventChannels[channel].safeParse(message.payload);
      if (!payload.success) {
        console.error(`[studio-api] ignored an invalid ${channel} event:`, payload.error.issues[0]?.message);
        return;
      }
      for (const listener of listeners.get(channel) ?? []) listener(payload.data);
      return;
    }
    if (message.id === null) {
      console.error(`[studio-api] host error: ${message.type === 'error' ? message.error.message : ''}`);
      return;
    }
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (message.type === 'error') {
      const error = ApiErrorSchema.parse(message.error);
      waiting.reject(new StudioApiError(error.code, error.message));
      return;
    }
    const reply = (requestChannels[waiting.channel].reply as z.ZodType).safeParse(message.reply);
    if (reply.success) waiting.resolve(reply.data);
    else waiting.reject(new StudioApiError('bad-reply', `the host sent an invalid reply on ${waiting.channel}: ${reply.error.issues[0]?.message ?? ''}`));
  };

  const connect = (): void => {
    const ws = new Impl(url);
    socket = ws;
    ws.onopen = () => {
      attempts = 0;
      setState('open');
      while (outbox.length > 0 && ws.readyState === OPEN) ws.send(outbox.shift() as string);
    };
    ws.onmessage = (event) => {
      if (typeof event.data === 'string') handle(event.data);
    };
    ws.onclose = (event) => {
      socket = null;
      failPending('disconnected', 'the connection to Organism Studio was lost before the reply arrived; retry once it reconnects.');
      if (closedByUser || event.code === CLOSE_UNAUTHORIZED) {
        setState('closed');
        return;
      }
      setState('reconnecting');
      const delay = Math.min(maxBackoffMs, 200 * 2 ** attempts++);
      setTimeout(connect, delay);
    };
  };
  connect();

  return {
    get connection() {
      return state;
    },
    invoke<C extends RequestChannel>(channel: C, request: RequestOf<C>): Promise<ReplyOf<C>> {
      if (closedByUser) return Promise.reject(new StudioApiError('closed', 'this StudioApi was closed; reload the page.'));
      const schema = requestChannels[channel]?.request as z.ZodType | undefined;
      if (!schema) return Promise.reject(new StudioApiError('unknown-channel', `"${String(channel)}" is not an API channel.`));
      const checked = schema.safeParse(request);
      if (!checked.success) {
        return Promise.reject(new StudioApiError('bad-request', `${channel} request: ${checked.error.issues[0]?.message ?? 'invalid'}`));
      }
      const id = nextId++;
      const message: ClientMessage = { type: 'request', id, channel, request: checked.data };
      const text = JSON.stringify(message);
      const bytes = utf8Length(text);
      if (bytes > MAX_MESSAGE_BYTES) {
        // Sent, it would only get the socket closed (and fail every request in flight with it).
        return Promise.reject(
          new StudioApiError('too-large', `${channel}: this change is ${megabytes(bytes)} MB, more than the ${megabytes(MAX_MESSAGE_BYTES)} MB the web host accepts in one message; it was not sent. Split the cell's text into smaller cells.`),
        );
      }
      return new Promise<ReplyOf<C>>((resolve, reject) => {
        pending.set(id, { channel, resolve: resolve as (reply: unknown) => void, reject });
        if (socket && socket.readyState === OPEN) socket.send(text);
        else outbox.push(text);
      });
    },
    on<C extends EventChannel>(channel: C, listener: (payload: EventOf<C>) => void): () => void {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    close() {
      closedByUser = true;
      failPending('closed', 'the StudioApi was closed.');
      socket?.close();
      setState('closed');
    },
  };
}

/**
 * UTF-8 size of `text` where it matters: a UTF-16 unit is at most 3 bytes, so a string that short
 * is under the limit without encoding it (then its length stands in for the size).
 */
function utf8Length(text: string): number {
  if (text.length * 3 <= MAX_MESSAGE_BYTES) return text.length;
  return new TextEncoder().encode(text).length;
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
