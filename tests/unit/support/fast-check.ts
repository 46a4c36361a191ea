// Shared fast-check settings: run counts sized for CI (seconds per property), and a way to replay a
// failure. fast-check prints the seed and counterexample path on failure; FC_SEED (and FC_PATH)
// replay it, FC_RUNS scales a run up locally.
import type { Parameters } from 'fast-check';

export function propertyOptions<T>(numRuns: number): Parameters<T> {
  const seed = process.env['FC_SEED'];
  const runs = process.env['FC_RUNS'];
  return {
    numRuns: runs ? Number(runs) : numRuns,
    ...(seed ? { seed: Number(seed), ...(process.env['FC_PATH'] ? { path: process.env['FC_PATH'] } : {}) } : {}),
    // A failure is shrunk and reported with its seed; keep the report to the counterexample.
    verbose: 0,
    endOnFailure: false,
  };
}
