// The study's controls (SCIENCE.md): QA SFT (plain answers) beside pirate SFT on the same organism,
// and the base model through the same blue team, whose capability curve says how much capability
// the blue team costs by itself. Neither is an organism in the findings.
import type { TrainResult } from '../common/results.js';
import { compare, type Comparison, type Replicate } from './comparison.js';

export interface QaControl {
  organism: string;
  /** The organism cell both train cells attacked. */
  organismCell: string;
  qaCell: string;
  pirateCell: string;
  /** reduction(QA) − reduction(pirate), with its bootstrap interval; no predicted direction. */
  difference: Comparison;
}

/** Each QA row paired with every pirate row on the same organism cell (no pirate twin: unpaired, listed alone). */
export function pairQaControls(rows: readonly Replicate[]): QaControl[] {
  const out: QaControl[] = [];
  for (const qa of rows.filter((r) => r.row.role === 'qa-control')) {
    for (const pirate of rows.filter((r) => r.row.role === 'organism' && r.row.dataset === 'pirate' && r.row.organismCell === qa.row.organismCell)) {
      out.push({
        organism: qa.row.organism,
        organismCell: qa.row.organismCell,
        qaCell: qa.row.cellName,
        pirateCell: pirate.row.cellName,
        difference: compare([qa], [pirate], null, `reduction(QA SFT) − reduction(pirate SFT) on ${qa.row.organism}`),
      });
    }
  }
  return out;
}

export interface CapabilityAt {
  step: number;
  k: number;
  n: number;
  rate: number | null;
  lo: number;
  hi: number;
  /** capability(step) / capability(0) − 1: the blue team's own capability cost (null: capability 0 at step 0). */
  relativeChange: number | null;
}

export interface BaseReference {
  cellName: string;
  label: string;
  model: string;
  dataset: string;
  seeds: Array<{ seed: number; points: CapabilityAt[] }>;
}

export function baseReference(cellName: string, train: TrainResult): BaseReference {
  return {
    cellName,
    label: train.label,
    model: train.organism.label,
    dataset: train.dataset.kind,
    seeds: train.runs.map((run) => {
      const base = run.points[0]?.capability.rate ?? null;
      return {
        seed: run.seed,
        points: run.points.map((p) => ({
          step: p.step,
          k: p.capability.k,
          n: p.capability.n,
          rate: p.capability.rate,
          lo: p.capability.lo,
          hi: p.capability.hi,
          relativeChange: base && p.capability.rate !== null ? p.capability.rate / base - 1 : null,
        })),
      };
    }),
  };
}
