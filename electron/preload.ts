// The preload (bundled to build/electron/preload.cjs, runs sandboxed). It exposes exactly one
// object, `window.studio`, implementing StudioApi over two IPC channels; the renderer never sees
// ipcRenderer. Requests, replies and events are validated against the contract here too.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  eventChannels,
  requestChannels,
  type EventChannel,
  type EventOf,
  type ReplyOf,
  type RequestChannel,
  type RequestOf,
  type StudioApi,
} from './shared/api-contract.js';
import { EventEnvelopeSchema, IPC_EVENT, IPC_INVOKE, InvokeResultSchema } from './main/ipc-protocol.js';

function apiError(code: string, message: string): Error {
  const error = new Error(message);
  error.name = code;
  return error;
}

const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC_EVENT, (_event: IpcRendererEvent, raw: unknown) => {
  const envelope = EventEnvelopeSchema.safeParse(raw);
  if (!envelope.success || !Object.hasOwn(eventChannels, envelope.data.channel)) return;
  const channel = envelope.data.channel as EventChannel;
  const payload = eventChannels[channel].safeParse(envelope.data.payload);
  if (!payload.success) return;
  for (const listener of listeners.get(channel) ?? []) listener(payload.data);
});

const studio: StudioApi = {
  async invoke<C extends RequestChannel>(channel: C, request: RequestOf<C>): Promise<ReplyOf<C>> {
    if (!Object.hasOwn(requestChannels, channel)) throw apiError('unknown-channel', `"${String(channel)}" is not an API channel.`);
    const checked = requestChannels[channel].request.safeParse(request);
    if (!checked.success) throw apiError('bad-request', `${channel} request: ${checked.error.issues[0]?.message ?? 'invalid'}`);
    const result = InvokeResultSchema.parse(await ipcRenderer.invoke(IPC_INVOKE, channel, checked.data));
    if (!result.ok) throw apiError(result.error.code, result.error.message);
    return requestChannels[channel].reply.parse(result.reply) as ReplyOf<C>;
  },
  on<C extends EventChannel>(channel: C, listener: (payload: EventOf<C>) => void): () => void {
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('studio', studio);
