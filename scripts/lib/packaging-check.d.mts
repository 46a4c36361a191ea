// Types for packaging-check.mjs (imported by the tests).
export const BUILDER_CONFIG: string;
export function validateBuilderConfig(config: Record<string, unknown>): Promise<void>;
export function loadBuilderConfig(configFile?: string): Promise<Record<string, unknown>>;
export interface DryBuild {
  ok: boolean;
  problems: string[];
  asar: string[];
  modules: string[];
  outDir: string;
  resources: string;
  log: string;
}
export function dryDirBuild(options?: { outDir?: string }): Promise<DryBuild>;
