// The engine's small interfaces: a cell kind is a config schema plus a runner. The engine knows
// nothing about organisms, bridges or plots; it only orders, hashes, caches and queues runs.
import type { z } from 'zod';
import type { CellPartial } from '../../shared/cell-partials.js';
import type { Cell } from '../../shared/notebook-schema.js';

/** One progress update from a running cell (the engine throttles these for the UI). */
export interface CellProgressUpdate {
  phase: string;
  step?: number;
  total?: number;
  loss?: number;
  tokensPerSec?: number;
  etaSec?: number;
  message?: string;
}

/** What a finished run leaves behind: small display numbers and the full (JSON) result. */
export interface CellRunOutput {
  summary: Record<string, unknown>;
  data: unknown;
}

/** The output of an upstream cell, as a downstream runner sees it. Paths in `data` are relative to `dir`. */
export interface InputValue {
  cellId: string;
  cellName: string;
  kind: string;
  hash: string;
  /** Final artifact directory of the upstream run (absolute). */
  dir: string;
  summary: Record<string, unknown>;
  data: unknown;
}

export interface CellRunContext<Config, Services> {
  cell: Cell;
  config: Config;
  /** input name → the upstream output (or outputs, when the input names several cells). */
  inputs: Record<string, InputValue | InputValue[]>;
  /** A fresh, empty directory; it becomes the artifact directory when the run succeeds. */
  artifactDir: string;
  /** The directory the artifact will have once committed (for values that must name it). */
  finalDir: string;
  hash: string;
  progress(update: CellProgressUpdate): void;
  /**
   * The result so far, for a UI that draws it growing (throttled like progress). Pass the whole
   * partial result each time, not a delta: a burst of publishes delivers only its latest.
   */
  publish(partial: CellPartial): void;
  signal: AbortSignal;
  services: Services;
}

export interface CellKindDefinition<Config = unknown, Services = unknown> {
  kind: string;
  /** Bumped when the runner's behaviour changes, so old cached results are not reused. */
  runnerVersion: string;
  configSchema: z.ZodType<Config>;
  /**
   * Extra content that the result depends on but the config only names (a model directory's
   * manifest, a JSONL file's bytes). Folded into the cache key.
   */
  fingerprint?(config: Config, services: Services): Promise<string> | string;
  run(ctx: CellRunContext<Config, Services>): Promise<CellRunOutput>;
  /**
   * Derives display-only values (figures) from a stored output when it is read, so presentation
   * follows the current code without invalidating cached results.
   */
  present?(output: CellRunOutput, cellName: string): CellRunOutput;
}

/** A registry keyed by kind; markdown (and other passive kinds) are simply absent. */
export type CellKindRegistry<Services> = ReadonlyMap<string, CellKindDefinition<never, Services>>;

/** Raised for problems the user must fix in the notebook (bad wiring, bad config). */
export class NotebookGraphError extends Error {
  constructor(
    message: string,
    readonly cellNames: string[] = [],
  ) {
    super(message);
    this.name = 'NotebookGraphError';
  }
}

/**
 * Builds a registry from definitions of different config types. The engine only ever hands a kind
 * the config its own schema parsed, so erasing the config type here is sound.
 */
export function createRegistry<S>(definitions: ReadonlyArray<CellKindDefinition<never, S> | { kind: string }>): CellKindRegistry<S> {
  const registry = new Map<string, CellKindDefinition<never, S>>();
  for (const definition of definitions as ReadonlyArray<CellKindDefinition<never, S>>) {
    if (registry.has(definition.kind)) throw new Error(`Cell kind "${definition.kind}" is registered twice.`);
    registry.set(definition.kind, definition);
  }
  return registry;
}
