// Evaluated first (main.ts imports it before anything else): pick the host API and send the
// initial requests now, so the web host opens the notebook while the browser still evaluates the
// rest of the bundle (the app's components, the cell kinds), instead of after the app mounts.
// The first sessionStorage access (a synchronous round trip to the browser process) is made here
// too, while the host works, rather than between the reply and the first paint.
import '../../electron/shared/zod-jitless.js';
import { errorMessage, pickStudioApi, type PickedApi } from './lib/pick-api.js';
import { notebookPathFromLocation } from './lib/location-notebook.js';
import { warmSelectionMemory } from './lib/selection-memory.js';
import { startInitialRequests, type InitialRequests } from './state/initial-requests.js';

/** Performance marks of the start-up path (`npm run bench -- startup` reads them). */
export const START_MARKS = { requested: 'studio:notebook-requested', received: 'studio:notebook-received', mounted: 'studio:notebook-mounted' } as const;

/** What App.svelte starts from: the API with its requests in flight, or why there is none. */
export type EarlyStart = { picked: PickedApi; initial: InitialRequests } | { error: string };

function start(): EarlyStart {
  try {
    const picked = pickStudioApi();
    const initial = startInitialRequests(picked.api, notebookPathFromLocation());
    performance.mark(START_MARKS.requested);
    void initial.doc.then(() => performance.mark(START_MARKS.received), () => {});
    warmSelectionMemory();
    return { picked, initial };
  } catch (error) {
    // Shown by App.svelte's start-up error screen, as before, rather than a blank page.
    return { error: errorMessage(error) };
  }
}

export const earlyStart: EarlyStart = start();
