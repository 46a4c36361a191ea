import { fileChooser } from '../lib/file-chooser.svelte.js';
import { presentation } from '../presentation/presentation.svelte.js';

// Overlay UI state: the command palette, the add-cell kind picker and the path prompt (Save As /
// Open in the web host, where there is no native file dialog).
export interface PathPrompt {
  title: string;
  confirmLabel: string;
  initial: string;
  onConfirm: (path: string) => void;
}

/** A one-off list to pick from (e.g. recent notebooks). */
export interface ListPrompt {
  label: string;
  placeholder: string;
  items: Array<{ id: string; label: string; detail?: string }>;
  onPick: (id: string) => void;
}

export class Ui {
  paletteOpen = $state(false);
  /** Where the kind picker inserts, or null when closed. */
  kindPicker = $state<'above' | 'below' | 'end' | null>(null);
  prompt = $state.raw<PathPrompt | null>(null);
  list = $state.raw<ListPrompt | null>(null);
  /** Presentation mode (slides, no editing chrome): the app-wide state in presentation.svelte.ts. */
  get presenting(): boolean {
    return presentation.on;
  }
  set presenting(on: boolean) {
    if (on) presentation.start(presentation.slide);
    else presentation.stop();
  }

  get overlayOpen(): boolean {
    return this.paletteOpen || this.kindPicker !== null || this.prompt !== null || this.list !== null || fileChooser.open;
  }
  closeOverlays(): void {
    this.paletteOpen = false;
    this.kindPicker = null;
    this.prompt = null;
    this.list = null;
    fileChooser.cancel();
  }
}
