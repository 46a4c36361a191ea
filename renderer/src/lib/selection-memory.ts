// Remembers the selected cell per notebook for this tab (sessionStorage), so a reload comes back
// to where the user was instead of the top of a long notebook.
const PREFIX = 'organism-studio.selected:';

export function rememberSelection(notebookPath: string | null, cellId: string | null): void {
  if (!notebookPath) return;
  try {
    if (cellId) sessionStorage.setItem(PREFIX + notebookPath, cellId);
    else sessionStorage.removeItem(PREFIX + notebookPath);
  } catch {
    /* storage unavailable: nothing to remember */
  }
}

export function recallSelection(notebookPath: string | null): string | null {
  if (!notebookPath) return null;
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
