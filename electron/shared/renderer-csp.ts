// The renderer's Content-Security-Policy, one policy for both hosts: only `connect-src` differs
// (Electron talks over IPC; the web host adds its WebSocket). plotly.js-dist-min needs inline
// styles (it sets style attributes and injects a stylesheet) but not eval; plot export draws into
// blob:/data: images.
export function rendererCsp(connectSrc: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connectSrc}`,
    "worker-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
