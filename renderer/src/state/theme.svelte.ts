// Light/dark theme: follows the OS (`prefers-color-scheme`) unless the user picked one, which is
// remembered in localStorage. Applied as `data-theme` on <html>; colours are CSS variables.
import type { ThemeName } from '../cells/types.js';

export type ThemePreference = ThemeName | 'system';
const STORAGE_KEY = 'organism-studio.theme';

export class Theme {
  preference = $state<ThemePreference>('system');
  systemDark = $state(false);
  readonly name: ThemeName = $derived(
    this.preference === 'system' ? (this.systemDark ? 'dark' : 'light') : this.preference,
  );

  constructor() {
    const saved = safeStorageGet(STORAGE_KEY);
    if (saved === 'light' || saved === 'dark') this.preference = saved;
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    this.systemDark = query.matches;
    query.addEventListener('change', (event) => (this.systemDark = event.matches));
    this.apply();
  }

  /** Write the theme onto <html> (called at start, before first paint, and whenever it changes). */
  apply(): void {
    document.documentElement.dataset.theme = this.name;
  }

  /** Switch to the other theme and remember the choice. */
  toggle(): void {
    this.set(this.name === 'dark' ? 'light' : 'dark');
  }

  set(preference: ThemePreference): void {
    this.preference = preference;
    if (preference === 'system') safeStorageRemove(STORAGE_KEY);
    else safeStorageSet(STORAGE_KEY, preference);
  }
}

// Storage can be unavailable (privacy modes, file:// quirks); the theme then lasts a session.
function safeStorageGet(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}
function safeStorageSet(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    /* session-only preference */
  }
}
function safeStorageRemove(key: string): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    /* session-only preference */
  }
}
