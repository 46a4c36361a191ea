// Remembers the main window's size, position and maximized state in <userData>/window-state.json
// (written atomically), and ignores a remembered position that is no longer on any screen.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { screen, type BrowserWindow, type Rectangle } from 'electron';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';

const WindowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20000),
  height: z.number().int().min(300).max(20000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

const DEFAULT_STATE: WindowState = { width: 1280, height: 860, maximized: false };

export function loadWindowState(userData: string): WindowState {
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(readFileSync(stateFile(userData), 'utf8')));
    if (!parsed.success) return DEFAULT_STATE;
    const state = parsed.data;
    if (state.x !== undefined && state.y !== undefined && !isOnSomeDisplay({ x: state.x, y: state.y, width: state.width, height: state.height })) {
      return { width: state.width, height: state.height, maximized: state.maximized };
    }
    return state;
  } catch {
    return DEFAULT_STATE;
  }
}

/** Save the window's bounds whenever they settle (debounced), and once more on close. */
export function trackWindowState(window: BrowserWindow, userData: string): void {
  let timer: NodeJS.Timeout | null = null;
  const save = (): void => {
    if (window.isDestroyed()) return;
    const bounds = window.getNormalBounds();
    const state: WindowState = { ...bounds, maximized: window.isMaximized() };
    writeFileAtomic(stateFile(userData), `${JSON.stringify(state)}\n`).catch(() => undefined);
  };
  const later = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('close', () => {
    if (timer) clearTimeout(timer);
    save();
  });
}

function stateFile(userData: string): string {
  return path.join(userData, 'window-state.json');
}

function isOnSomeDisplay(bounds: Rectangle): boolean {
  return screen.getAllDisplays().some(({ workArea }) =>
    bounds.x < workArea.x + workArea.width && bounds.x + bounds.width > workArea.x && bounds.y < workArea.y + workArea.height && bounds.y + bounds.height > workArea.y,
  );
}
