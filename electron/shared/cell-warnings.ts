// A run can finish and still not be fit to use as is: an organism that failed validation is
// flagged, never silently passed on (SCIENCE.md, "Validation"). Such a cell's summary lists why in
// `warnings`, and the status badge reads "Warning" instead of a green "Done". The convention is
// kind-agnostic: any cell may set it. Results built on a failed validation say so too: a train
// run's summary names the organism seeds that failed (`unvalidatedSeeds`), which reads as a warning
// here, so cached results written before a kind set `warnings` warn as well.

/** The warnings a run's summary carries ([] when none or when the summary predates them). */
export function summaryWarnings(summary: Record<string, unknown> | null | undefined): string[] {
  const warnings = summary?.['warnings'];
  const own = Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === 'string' && w.length > 0) : [];
  const unvalidated = summary?.['unvalidatedSeeds'];
  if (Array.isArray(unvalidated) && unvalidated.length > 0) {
    own.push(`trained on an organism that failed validation (seed${unvalidated.length === 1 ? '' : 's'} ${unvalidated.map(String).join(', ')}): weak evidence`);
  }
  return own;
}
