// The summary cell's result as the renderer reads it (electron/core/cells/summary/summary-cell.ts
// SummaryData; the renderer does not import core code). Fields added by newer runners are optional,
// so a result stored by an older runner still draws.

export interface Span {
  min: number;
  max: number;
}

export interface SeedReading {
  seed: number;
  reduction: number | null;
  lo: number | null;
  hi: number | null;
  censored: boolean;
  validated: boolean;
}

export interface SummaryRow {
  cellName: string;
  organism: string;
  method: string;
  dataset?: string;
  role?: 'organism' | 'qa-control' | 'base-reference';
  mean: number | null;
  lo: number | null;
  hi: number | null;
  nSeeds: number;
  censoredSeeds: number;
  seeds: SeedReading[];
  checkpointN?: { capability: Span | null; behaviour: Span | null };
  halfWidth?: { capability: number | null; behaviour: number | null };
}

export interface Comparison {
  label: string;
  estimate: number | null;
  lo: number | null;
  hi: number | null;
  verdict: string | null;
  excludesZero: boolean | null;
  censoredSeeds: number;
  censoredReplicates: number;
  nBoot: number;
  flags: string[];
}

export interface Finding {
  id: string;
  claim: string;
  verdict: string;
  evidence: string;
  caveats: string[];
  comparisons?: Comparison[];
  scale?: string;
}

export interface QaControl {
  qaCell: string;
  pirateCell: string;
  difference: Comparison;
}

export interface BaseReference {
  cellName: string;
  model: string;
  dataset: string;
  seeds: Array<{ seed: number; points: Array<{ step: number; n: number; rate: number | null; lo: number; hi: number; relativeChange: number | null }> }>;
}

export interface SummaryData {
  title: string;
  basisNote?: string;
  rows: SummaryRow[];
  findings: Finding[];
  qaControls?: QaControl[];
  baseReference?: BaseReference[];
  verdictRule?: string;
  bootstrap?: { nBoot: number; seed: number; method: string };
}

export const pct = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : `${Math.round(x * 100)}%`);
/** A difference in percentage points with its sign: "+12.3", "−4.0". */
export const points = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`);
export const span = (s: Span | null | undefined): string => (!s ? 'n/a' : s.min === s.max ? String(s.min) : `${s.min}–${s.max}`);
export const halfPoints = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : `±${(x * 100).toFixed(1)}`);
