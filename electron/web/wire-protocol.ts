// Messages on the web host's WebSocket. Both ends validate every message with these schemas, and
// payloads with the channel schemas of api-contract.ts. No Node imports: the browser client uses it.
import { z } from 'zod';
import { ApiErrorSchema } from '../shared/api-contract.js';

/** Browser → host. */
export const ClientMessageSchema = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  channel: z.string().min(1),
  request: z.unknown(),
});
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/** Host → browser. */
export const ServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reply'), id: z.number().int().nonnegative(), reply: z.unknown() }),
  z.object({ type: z.literal('error'), id: z.number().int().nonnegative().nullable(), error: ApiErrorSchema }),
  z.object({ type: z.literal('event'), channel: z.string().min(1), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

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
