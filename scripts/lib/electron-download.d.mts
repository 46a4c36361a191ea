// Types for electron-download.mjs (imported by the tests).
export function noBinarySentence(reason: string): string;
export function downloadElectron(options?: { timeoutMs?: number }): Promise<{ ok: boolean; reason?: string }>;
