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

export { CLOSE_UNAUTHORIZED, MAX_MESSAGE_BYTES, TOKEN_COOKIE, WEBSOCKET_PATH } from './wire-constants.js';
