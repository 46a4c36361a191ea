// Types for bootstrap.mjs (imported by the benchmarks).
export function ensureSetUp(names: string[]): Promise<void>;
export function rendererIsStale(): boolean;
export function ensureRendererBuilt(options?: { force?: boolean }): Promise<void>;
export function electronBinary(): string | null;
