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
