// Content hashes for the cache key: the same cell (kind, config, inputs, code) always hashes the
// same, whatever order its config keys were written in.
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth; `undefined` members are dropped like JSON.stringify. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) out[key] = sortKeys(member);
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error(`Cannot hash the number ${value}: configs must hold finite numbers.`);
  }
  return value;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface CellHashParts {
  kind: string;
  config: unknown;
  /** input name → upstream hash(es), in the order the cell lists them. */
  inputHashes: Record<string, string | string[]>;
  codeVersion: string;
  runnerVersion: string;
  fingerprint: string;
}

/** The artifact key of a run. 32 hex chars keep directory names short; collisions are negligible. */
export function cellHash(parts: CellHashParts): string {
  return sha256(canonicalJson({ v: 1, ...parts })).slice(0, 32);
}
