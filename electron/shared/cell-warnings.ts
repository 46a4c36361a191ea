// A run can finish and still not be fit to use as is: an organism that failed validation is
// flagged, never silently passed on (SCIENCE.md, "Validation"). Such a cell's summary lists why in
// `warnings`, and the status badge reads "Warning" instead of a green "Done". The convention is
// kind-agnostic: any cell may set it.

/** The warnings a run's summary carries ([] when none or when the summary predates them). */
export function summaryWarnings(summary: Record<string, unknown> | null | undefined): string[] {
  const warnings = summary?.['warnings'];
  return Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === 'string' && w.length > 0) : [];
}
