// Hardening applied to every web contents and session: no navigation away from the app's origin,
// no new windows (an http(s) link opens in the browser or is copied, after a confirmation), no webviews, no
// permissions, and the CSP on every response (the same policy as ELECTRON_CSP in app-origin.ts,
// written out as one literal so electronegativity can parse and check it).
import { app, session, type BrowserWindow, type WebFrameMain } from 'electron';
import { isAppUrl } from './app-origin.js';
import { offerExternalLink } from './dialogs.js';

export function hardenContents(mainWindow: () => BrowserWindow | null): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      void offerExternalLink(mainWindow(), url);
      return { action: 'deny' };
    });
  });
}

export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [
          "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
        ] } });
  });
}

/** IPC is accepted only from the app's own top-level page. */
export function isTrustedSender(frame: WebFrameMain | null): boolean {
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}
