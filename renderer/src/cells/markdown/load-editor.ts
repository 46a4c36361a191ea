// CodeMirror is ~400 kB: load it on first edit (and warm it when the app is idle) instead of
// at startup, so opening a notebook stays fast.
import type { Component } from 'svelte';
import { notebookShown } from '../../lib/first-paint.js';

type EditorComponent = Component<{ value: string; onChange: (value: string) => void }>;
let loading: Promise<EditorComponent> | null = null;

export function loadMarkdownEditor(): Promise<EditorComponent> {
  loading ??= import('./MarkdownEditor.svelte').then((module) => module.default);
  return loading;
}

/** Start loading in the background once the first notebook is on screen and the page is idle. */
export function warmMarkdownEditor(): void {
  const start = () => void loadMarkdownEditor();
  void notebookShown.then(() => {
    if ('requestIdleCallback' in window) window.requestIdleCallback(start, { timeout: 3000 });
    else setTimeout(start, 1000);
  });
}
