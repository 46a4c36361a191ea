// Jupyter-style keys. Listens on window in the capture phase, so Shift+Enter / Ctrl+Enter / Esc
// reach us before CodeMirror turns them into text. Single-letter keys only act in command mode
// and never while focus is in a text field.
import { runCommand, type CommandContext } from './commands.js';
import { presentation } from '../presentation/presentation.svelte.js';
import { slidesOf } from '../presentation/slides.js';

const DOUBLE_KEY_WINDOW_MS = 1000; // "D D" must be pressed twice within this window

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest('.cm-editor')) return true;
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

export function installKeyboard(ctx: CommandContext): () => void {
  let lastD = 0;

  const run = (event: KeyboardEvent, id: string): void => {
    event.preventDefault();
    event.stopPropagation();
    runCommand(ctx, id);
  };

  const onKeydown = (event: KeyboardEvent): void => {
    if (event.isComposing) return;
    const { ws, ui } = ctx;
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key;

    // In Electron these shortcuts are menu accelerators that arrive as `app.command` (with native
    // file dialogs); handling them here too would run them twice.
    const menuOwned = ws.host === 'electron' && mod && ['s', 'o', 'n', 'p'].includes(key.toLowerCase());
    if (menuOwned) return;
    if (mod && event.shiftKey && key.toLowerCase() === 'p') return run(event, ui.paletteOpen ? 'command-mode' : 'palette');
    // F5 presents (as in slide software); in Electron it is the View menu's accelerator.
    if (key === 'F5' && !mod && !(ws.host === 'electron')) return run(event, 'toggle-presentation');
    if (presentation.on && !ui.overlayOpen) return presentationKey(event, ctx);
    if (ui.overlayOpen) {
      // Overlays handle their own keys (Escape included); this only rescues focus lost outside one.
      const inOverlay = event.target instanceof Element && event.target.closest('[role="dialog"]') !== null;
      if (key === 'Escape' && !inOverlay) {
        event.preventDefault();
        ui.closeOverlays();
      }
      return;
    }
    if (mod && key.toLowerCase() === 's') return run(event, event.shiftKey ? 'save-as' : 'save');
    if (mod && key.toLowerCase() === 'o') return run(event, 'open');
    if (mod && event.shiftKey && key === 'ArrowUp') return run(event, 'move-cell-up');
    if (mod && event.shiftKey && key === 'ArrowDown') return run(event, 'move-cell-down');
    if (key === 'Enter' && mod) return run(event, 'run-cell');
    if (key === 'Enter' && event.shiftKey) return run(event, 'run-cell-and-advance');

    const editable = isEditable(event.target);
    if (key === 'Escape') {
      if (ws.mode === 'edit' || editable) {
        event.preventDefault();
        const leave = () => {
          ws.enterCommand();
          focusNotebook();
        };
        // A plain field (cell name, title, a config input) handles Escape first — e.g. to drop
        // its draft before it loses focus — so leave edit mode after this event is dispatched.
        const plainField = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLSelectElement;
        if (plainField) setTimeout(leave);
        else leave();
      }
      return;
    }
    if (ws.mode === 'edit' || editable || event.altKey) return;
    // Enter/Space on a focused button or link activates it, as everywhere else.
    if ((key === 'Enter' || key === ' ') && event.target instanceof Element && event.target.closest('button, a[href], summary')) return;

    // Command mode.
    if (mod) {
      if (key.toLowerCase() === 'z') return run(event, event.shiftKey ? 'redo' : 'undo');
      if (key.toLowerCase() === 'y') return run(event, 'redo');
      return;
    }
    switch (key) {
      case 'Enter':
        return run(event, 'edit-mode');
      case 'ArrowUp':
      case 'k':
        return run(event, 'select-previous');
      case 'ArrowDown':
      case 'j':
        return run(event, 'select-next');
      case 'a':
        return run(event, 'add-cell-above');
      case 'b':
        return run(event, 'add-cell-below');
      case 'z':
        return run(event, 'undo');
      case 'Z':
        return run(event, 'redo');
      case 'o':
        return run(event, 'toggle-output');
      case 'd': {
        event.preventDefault();
        const now = event.timeStamp;
        if (now - lastD < DOUBLE_KEY_WINDOW_MS) {
          lastD = 0;
          runCommand(ctx, 'delete-cell');
        } else lastD = now;
        return;
      }
    }
  };

  window.addEventListener('keydown', onKeydown, true);
  return () => window.removeEventListener('keydown', onKeydown, true);
}

/** Keys while presenting: move between slides, leave with Esc; editing keys do nothing. */
function presentationKey(event: KeyboardEvent, ctx: CommandContext): void {
  const count = slidesOf(ctx.ws.cells).length;
  const step: Record<string, number> = { ArrowRight: 1, PageDown: 1, ' ': 1, ArrowLeft: -1, PageUp: -1, Home: -count, End: count };
  if (event.key === 'Escape') {
    event.preventDefault();
    presentation.stop();
    return;
  }
  if (isEditable(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
  const offset = step[event.key];
  if (offset !== undefined) {
    event.preventDefault();
    presentation.move(offset, count);
  }
  // Anything else (scrolling a tall slide with ↑ ↓) keeps its usual meaning; no editing command runs.
}

/** Put focus back on the notebook so command-mode keys work after leaving an editor. */
export function focusNotebook(): void {
  document.querySelector<HTMLElement>('[data-testid="notebook"]')?.focus({ preventScroll: true });
}
