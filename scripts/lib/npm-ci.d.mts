// Types for npm-ci.mjs (imported by the tests).
export const PACKAGING_ONLY: string[];
export function foldNpmWarnings(text: string): { kept: string; folded: string[] };
export function npmCi(env: Record<string, string>): Promise<number>;
