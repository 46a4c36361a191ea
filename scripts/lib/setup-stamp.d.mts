// Types for setup-stamp.mjs (imported by the tests).
export interface SetupStamp {
  file: string;
  inputs: string[];
  python: string;
}
export const DEFAULT_STAMP: SetupStamp;
export function setupIsFresh(packages: string[], stamp?: SetupStamp): boolean;
export function recordSetup(packages: string[], stamp?: SetupStamp): void;
