// Remembers the selected cell per notebook for this tab (sessionStorage), so a reload comes back
// to where the user was instead of the top of a long notebook. Writes are coalesced: holding `j`
// selects a cell per key press, and each sessionStorage write is a synchronous call into the
// browser (~2 ms each measured on loaded cores); the last selection is written a moment later, or
// when the page goes away.
const PREFIX = 'organism-studio.selected:';
const WRITE_DELAY_MS = 250;

let pending: { key: string; cellId: string | null } | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;

function flush(): void {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  if (!pending) return;
  const { key, cellId } = pending;
  pending = null;
  try {
    if (cellId) sessionStorage.setItem(key, cellId);
    else sessionStorage.removeItem(key);
  } catch {
    /* storage unavailable: nothing to remember */
  }
}

if (typeof window !== 'undefined') window.addEventListener('pagehide', flush);

export function rememberSelection(notebookPath: string | null, cellId: string | null): void {
  if (!notebookPath) return;
  const key = PREFIX + notebookPath;
  if (pending && pending.key !== key) flush();
  pending = { key, cellId };
  timer ??= setTimeout(flush, WRITE_DELAY_MS);
}

export function recallSelection(notebookPath: string | null): string | null {
  if (!notebookPath) return null;
  flush();
  try {
    return sessionStorage.getItem(PREFIX + notebookPath);
  } catch {
    return null;
  }
}

/**
 * Load this tab's storage now. The first sessionStorage access is a synchronous round trip to the
 * browser process (50-100 ms measured under load, more while a large reply streams in); made while
 * the notebook is in flight, it is not paid between the reply and the first paint.
 */
export function warmSelectionMemory(): void {
  try {
    void sessionStorage.length;
  } catch {
    /* storage unavailable */
  }
}
