// Is the output a cell shows from the run its form describes? The result carries the config it ran
// with (its artifact manifest); when that differs from the form's config (after an edit, a cancel, a
// failed run or a duplicate), the frame dims the output and says which fields differ:
// "From the previous run: Steps 60 (now 30)".
import { configSchemaOf } from '../../../../electron/shared/cell-configs/index.js';
import { fieldLabel } from '../../../../electron/shared/cell-configs/field-labels.js';
import type { CellStatus } from '../../../../electron/shared/notebook-schema.js';

export interface FieldDifference {
  path: string;
  label: string;
  was: string;
  now: string;
}

/** Leaves of a JSON value by dotted path (lists of plain values are one leaf). */
function leaves(value: unknown, prefix: string[] = [], out = new Map<string, { path: string[]; text: string }>()): Map<string, { path: string[]; text: string }> {
  if (value !== null && typeof value === 'object' && !(Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object'))) {
    for (const [key, child] of Object.entries(value)) leaves(child, [...prefix, key], out);
  } else if (value !== undefined) {
    out.set(prefix.join('.'), { path: prefix, text: Array.isArray(value) ? value.map(String).join(', ') : String(value) });
  }
  return out;
}

/** The fields whose value differs between the config a result ran with and the form's config. */
export function configDifferences(kind: string, ranWith: unknown, current: Record<string, unknown>): FieldDifference[] {
  const parsed = configSchemaOf(kind)?.safeParse(current);
  const now = leaves(parsed?.success ? parsed.data : current);
  const was = leaves(ranWith);
  const out: FieldDifference[] = [];
  for (const key of new Set([...was.keys(), ...now.keys()])) {
    const a = was.get(key);
    const b = now.get(key);
    if (a?.text === b?.text) continue;
    const path = (a ?? b)!.path.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    out.push({ path: key, label: fieldLabel(kind, path), was: a?.text ?? '(not set)', now: b?.text ?? '(not set)' });
  }
  return out;
}

export interface OutdatedOutput {
  differences: FieldDifference[];
  /** Why the current settings have no output of their own yet. */
  reason: string;
}

interface ResultLike {
  hash?: unknown;
  manifest?: { config?: unknown };
}

/**
 * null when the shown result is the current settings' own; else what differs and why. `outputHash`
 * is the hash the cell's status reports (the current run's), when it has one.
 */
export function outdatedOutput(
  kind: string,
  config: Record<string, unknown>,
  status: CellStatus,
  result: unknown,
  outputHash: string | undefined,
): OutdatedOutput | null {
  if (result === null || typeof result !== 'object') return null;
  const r = result as ResultLike;
  if (status === 'done' && (outputHash === undefined || r.hash === outputHash)) return null;
  // Never before a first run; never while a run streams (a train cell's live curve follows the note
  // and must not be dimmed; the badge says Running).
  if (status === 'idle' || status === 'running' || status === 'queued') return null;
  const differences = r.manifest && 'config' in r.manifest ? configDifferences(kind, r.manifest.config, config) : [];
  const reasons: Partial<Record<CellStatus, string>> = {
    cancelled: 'The run with the current settings was cancelled.',
    error: 'The current settings did not run (see the error below).',
    stale: differences.length > 0 ? 'Run the cell to update it.' : 'An input changed since: run the cell to update it.',
    done: 'The new result is loading.',
  };
  return { differences, reason: reasons[status] ?? '' };
}
