// The open notebook's path lives in the URL hash (#notebook=<path>), so a reload — or a bookmark
// of the web host — reopens the same notebook instead of the default one.
const KEY = 'notebook';

export function notebookPathFromLocation(): string | null {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const path = params.get(KEY);
  return path && path.trim() ? path : null;
}

/**
 * Put the path in the URL after the next paint: history.replaceState waits on the browser process
 * (100-500 ms measured while a large notebook's reply was still being handled), and opening a
 * notebook should not wait for it.
 */
export function rememberNotebookPath(path: string | null): void {
  requestAnimationFrame(() => setTimeout(() => writeNotebookPath(path), 0));
}

function writeNotebookPath(path: string | null): void {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  if (path) params.set(KEY, path);
  else params.delete(KEY);
  const hash = params.toString();
  const url = `${window.location.pathname}${window.location.search}${hash ? `#${hash}` : ''}`;
  if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) history.replaceState(history.state, '', url);
}
