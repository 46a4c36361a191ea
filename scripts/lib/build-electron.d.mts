// Types for build-electron.mjs (imported by the tests).
export function buildElectron(): Promise<void>;
