// Types for electronegativity.mjs (imported by the tests).
export interface Finding {
  issue: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
  description: string;
}
export function runElectronegativity(options: { input: string; electronVersion: string }): Promise<{ checks: number; findings: Finding[]; blocking: Finding[] }>;
