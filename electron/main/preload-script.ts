// The preload is registered on the session, restricted to the app's own origin: it never runs in
// a page from anywhere else, whatever the window loads. (Electron ≥ 35; replaces
// webPreferences.preload, which would run the preload for any URL the window shows.)
import { session } from 'electron';
import { APP_ORIGIN } from './app-origin.js';

export function registerPreload(preloadFile: string): void {
  session.defaultSession.registerPreloadScript({
    id: 'organism-studio-preload',
    type: 'frame',
    filePath: preloadFile,
    matches: [`${APP_ORIGIN}/*`],
  });
}
