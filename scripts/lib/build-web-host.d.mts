// Types for build-web-host.mjs (imported by the tests).
export const WEB_HOST_OUT: string;
export const WEB_HOST_BUNDLE: string;
export function webHostIsStale(): boolean;
export function buildWebHost(): Promise<void>;
export function ensureWebHostBuilt(): Promise<boolean>;
