// The renderer's origin in Electron: a privileged custom scheme (studio://app/), not file://, so
// the page has a real origin that navigation guards, IPC sender checks and CSP can name.
import { rendererCsp } from '../shared/renderer-csp.js';

export const APP_SCHEME = 'studio';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True only for URLs on the app's own origin. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The renderer's Content-Security-Policy in Electron (no network: the API goes over IPC). */
export const ELECTRON_CSP = rendererCsp("'self'");
