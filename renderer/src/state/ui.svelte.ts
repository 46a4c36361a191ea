import { fileChooser } from '../lib/file-chooser.svelte.js';
import { presentation } from '../presentation/presentation.svelte.js';

// Overlay UI state: the command palette, the add-cell kind picker and one-off lists (the file
// browser's state is in lib/file-chooser.svelte.ts, presentation's in presentation/).
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
    return this.paletteOpen || this.kindPicker !== null || this.list !== null || fileChooser.open;
  }
  closeOverlays(): void {
    this.paletteOpen = false;
    this.kindPicker = null;
    this.list = null;
    fileChooser.cancel();
  }
}
