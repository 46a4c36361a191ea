// Choosing a file (Open, Save As, a train cell's JSONL dataset): Electron's native dialog through
// `files.choose`, or in the web host the app's own file browser (FileBrowser.svelte, drawn by
// App.svelte while a choice is pending). Commands and cell bodies alike just await `choose`.
import type { StudioApi } from '../../../electron/shared/api-contract.js';
import type { HostKind } from './pick-api.js';

export interface FilePrompt {
  purpose: 'open' | 'save' | 'jsonl';
  title: string;
  confirmLabel: string;
  /** The path box's first value (a folder in it is where the browser starts, when it may be listed). */
  initial: string;
  onConfirm: (path: string) => void;
}

export class FileChooser {
  /** The web host's pending choice (App.svelte shows the browser while it is set). */
  prompt = $state.raw<FilePrompt | null>(null);
  #host: { api: StudioApi; kind: HostKind } | null = null;
  #cancel: (() => void) | null = null;

  get open(): boolean {
    return this.prompt !== null;
  }

  configure(api: StudioApi, kind: HostKind): void {
    this.#host = { api, kind };
  }

  /** The chosen path, or null when the user cancelled. */
  async choose(request: Omit<FilePrompt, 'onConfirm'>): Promise<string | null> {
    const host = this.#host;
    if (!host) throw new Error('The file chooser is used before the app connected to its host: try again in a moment.');
    if (host.kind === 'electron') return (await host.api.invoke('files.choose', { purpose: request.purpose, suggested: request.initial || undefined })).path;
    this.cancel();
    return new Promise((resolve) => {
      this.#cancel = () => resolve(null);
      this.prompt = {
        ...request,
        onConfirm: (path) => {
          this.#cancel = null;
          resolve(path);
        },
      };
    });
  }

  /** Close the browser; a pending `choose` resolves to null. */
  cancel(): void {
    const cancel = this.#cancel;
    this.#cancel = null;
    this.prompt = null;
    cancel?.();
  }
}

export const fileChooser = new FileChooser();
