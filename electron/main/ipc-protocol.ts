// The Electron IPC wire: two channel names and the envelopes that cross them. Imported by the main
// process (ipc.ts) and the preload, so both ends agree; zod only (the preload is sandboxed).
import { z } from 'zod';
import { ApiErrorSchema } from '../shared/api-contract.js';

export const IPC_INVOKE = 'studio:invoke';
export const IPC_EVENT = 'studio:event';

/** ipcMain.handle's answer: thrown errors lose their fields over IPC, so failures are values. */
export const InvokeResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), reply: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorSchema }),
]);
export type InvokeResult = z.infer<typeof InvokeResultSchema>;

export const EventEnvelopeSchema = z.object({ channel: z.string().min(1), payload: z.unknown() });
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;
