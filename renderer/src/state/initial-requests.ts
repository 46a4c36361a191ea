// The first two requests of a page: app info and the notebook to show (the one named in the URL
// after a reload, else the default). Started by early-start.ts before the rest of the renderer's
// modules evaluate, so the host opens the notebook while the browser is still running the bundle
// instead of after the app has mounted. Events that arrive before the Workspace listens (the
// opened notebook's cell statuses) are recorded here and handed over, not lost.
import type { DocumentState, EventChannel, EventOf, ReplyOf, StudioApi } from '../../../electron/shared/api-contract.js';
import { errorMessage } from '../lib/pick-api.js';

export type RecordedEvent = { [C in EventChannel]: { channel: C; payload: EventOf<C> } }[EventChannel];

/** The channels the Workspace follows; only these are recorded until it listens. */
export const WORKSPACE_EVENTS = ['document.changed', 'cell.status', 'cell.progress', 'cell.partial', 'bridge.status'] as const satisfies readonly EventChannel[];

export interface InitialRequests {
  /** null when app info could not be read; `problems` then says why. */
  info: Promise<ReplyOf<'app.info'> | null>;
  doc: Promise<DocumentState>;
  /** Problems to show once the workspace has its notices (a notebook that could not be reopened). */
  problems: string[];
  /** The events recorded so far, in order; recording stops (call it when your listeners are on). */
  takeEvents(): RecordedEvent[];
}

/** `reopenPath`: the notebook the page showed before a reload (location-notebook.ts), if any. */
export function startInitialRequests(api: StudioApi, reopenPath: string | null): InitialRequests {
  const recorded: RecordedEvent[] = [];
  const stopRecording = WORKSPACE_EVENTS.map((channel) => api.on(channel, (payload: EventOf<typeof channel>) => recorded.push({ channel, payload } as RecordedEvent)));
  const problems: string[] = [];
  const info = api.invoke('app.info', {}).catch((error: unknown) => {
    problems.push(`Could not read app info: ${errorMessage(error)}`);
    return null;
  });
  const doc = openInitial(api, reopenPath, problems);
  return {
    info,
    doc,
    problems,
    takeEvents() {
      for (const off of stopRecording.splice(0)) off();
      return recorded.splice(0);
    },
  };
}

async function openInitial(api: StudioApi, path: string | null, problems: string[]): Promise<DocumentState> {
  if (path) {
    try {
      return await api.invoke('notebook.open', { path });
    } catch (error) {
      problems.push(`Could not reopen ${path}: ${errorMessage(error)} Opened the default notebook instead.`);
    }
  }
  return api.invoke('notebook.openDefault', {});
}
