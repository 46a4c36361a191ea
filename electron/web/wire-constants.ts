// The web host's wire constants, apart from the message schemas (wire-protocol.ts): the host's
// HTTP side needs only these, and importing the schemas would load zod and the whole API contract
// before the host can print its URL.

/** Path of the WebSocket endpoint on the web host. */
export const WEBSOCKET_PATH = '/api';
/** Name of the HttpOnly cookie that carries the token after the first request. */
export const TOKEN_COOKIE = 'organism_studio_token';
/** Close code the host uses when the token or origin is wrong (the client stops reconnecting). */
export const CLOSE_UNAUTHORIZED = 4401;
/**
 * Largest WebSocket message either side sends, in UTF-8 bytes: the host closes a socket that sends
 * more (1009), so the client refuses such a request up front and says so instead of sending it.
 */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
