// Background work that must not compete with opening the first notebook (warming lazily loaded
// modules such as CodeMirror): an idle callback fires while the page waits for the host's reply,
// and parsing a 0.5 MB chunk then delayed the first cell. Such work waits for `notebookShown`.
let resolveShown: () => void = () => {};

/** Resolves after the first notebook has been drawn (the frame after App shows it). */
export const notebookShown: Promise<void> = new Promise((resolve) => (resolveShown = resolve));

/** App.svelte calls this once the notebook is mounted. */
export function markNotebookShown(): void {
  requestAnimationFrame(() => setTimeout(resolveShown, 0));
}
