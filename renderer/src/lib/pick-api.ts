// Chooses the StudioApi: the Electron preload's `window.studio`, else the web host's WebSocket
// client (which reads its token from the page URL). The client is part of the main bundle (9 kB),
// not a chunk loaded after the app mounts: the page's first request waited on that extra fetch.
import type { StudioApi } from '../../../electron/shared/api-contract.js';
import { createWebStudioApi, type ConnectionState } from '../../../electron/web/client/web-studio-api.js';

declare global {
  interface Window {
    studio?: StudioApi;
  }
}

export type HostKind = 'electron' | 'web';
export type { ConnectionState };

export interface PickedApi {
  api: StudioApi;
  host: HostKind;
  /** Web host only: the socket's state, for the status bar ("reconnecting…"). */
  connection?: { current: () => ConnectionState; onChange: (listener: (state: ConnectionState) => void) => () => void };
}

/** Called once, by early-start.ts: each web client opens its own socket. */
export function pickStudioApi(): PickedApi {
  if (window.studio) return { api: window.studio, host: 'electron' };
  const api = createWebStudioApi();
  return {
    api,
    host: 'web',
    connection: { current: () => api.connection, onChange: (listener) => api.onConnectionChange(listener) },
  };
}

/** Error text for the UI: API errors cross the boundary as { code, message }. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}
