// ipcMain side of the StudioApi: one invoke channel (validated, sender-checked, errors as values)
// and one event channel fanned out to every window.
import { BrowserWindow, ipcMain } from 'electron';
import { toApiError } from '../core/service/studio-errors.js';
import type { StudioCore } from '../core/studio-core.js';
import { eventChannels, requestChannels, type ReplyOf, type RequestChannel, type RequestOf } from '../shared/api-contract.js';
import { IPC_EVENT, IPC_INVOKE, type EventEnvelope, type InvokeResult } from './ipc-protocol.js';
import { isTrustedSender } from './security.js';

/** Channels the Electron host answers itself (native dialogs); everything else goes to the core. */
export interface HostHandlers {
  'files.choose': (request: RequestOf<'files.choose'>) => Promise<ReplyOf<'files.choose'>>;
}

export function registerIpc(core: StudioCore, host?: HostHandlers): () => void {
  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, request: unknown): Promise<InvokeResult> => {
    if (!isTrustedSender(event.senderFrame)) {
      return { ok: false, error: { code: 'forbidden', message: 'IPC is only accepted from the Organism Studio window.' } };
    }
    if (typeof channel !== 'string' || !Object.hasOwn(requestChannels, channel)) {
      return { ok: false, error: { code: 'unknown-channel', message: `"${String(channel)}" is not an API channel.` } };
    }
    try {
      const reply =
        channel === 'files.choose' && host
          ? await host['files.choose'](requestChannels['files.choose'].request.parse(request))
          : await core.invoke(channel as RequestChannel, request);
      return { ok: true, reply: requestChannels[channel as RequestChannel].reply.parse(reply) };
    } catch (error) {
      return { ok: false, error: toApiError(error) };
    }
  });

  const unsubscribe = core.subscribe(({ channel, payload }) => {
    const parsed = eventChannels[channel].safeParse(payload);
    if (!parsed.success) return;
    const envelope: EventEnvelope = { channel, payload: parsed.data };
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send(IPC_EVENT, envelope);
    }
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE);
  };
}
