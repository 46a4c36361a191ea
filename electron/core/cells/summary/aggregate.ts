// The study's summary rows: per blue-team run (one train cell = one organism under one attack),
// the reduction at 10% capability loss per seed, and the mean over seeds with a hierarchical
// bootstrap interval over seeds and prompts (bootstrap.ts), the evaluation sizes behind it and the
// interval half-widths they achieved.
import type { TrainResult } from '../common/results.js';
import { methodLabel } from '../common/method.js';
import { isBaseModel } from '../common/model-refs.js';
import { reductionAtCapabilityLoss, type CurvePoint } from '../../eval/reduction.js';
import { contrast, prepareSeed, replicateRow, type CurveReader, type Reading, type Replicated } from './bootstrap.js';

export interface SeedReading {
  seed: number;
  reduction: number | null;
  /** The run's own 95% interval over prompts (one seed). */
  lo: number | null;
  hi: number | null;
  censored: boolean;
  validated: boolean;
  baselineBadRate: number;
  baselineCapability: number;
  reason?: string;
}

export type OrganismClass =
  | { type: 'prompted' }
  | { type: 'backdoor'; method: 'full' | 'lora'; rank: number | null }
  | { type: 'password_lock'; method: 'full' | 'lora'; rank: number | null; fraction: number | null }
  | { type: 'base' }
  | { type: 'other' };

/** organism: a row the findings compare; qa-control: QA SFT beside pirate; base-reference: the base model's run. */
export type RowRole = 'organism' | 'qa-control' | 'base-reference';

export interface Span {
  min: number;
  max: number;
}

export interface SummaryRow {
  cellName: string;
  label: string;
  organism: string;
  /** The organism (or model) cell the train cell attacked: pairs a QA control with its pirate row. */
  organismCell: string;
  organismKind: string;
  method: string;
  /** The blue team's dataset kind: pirate, qa or jsonl. */
  dataset: string;
  role: RowRole;
  klass: OrganismClass;
  groundTruth: Record<string, unknown>;
  seeds: SeedReading[];
  /** Mean reduction over seeds with a defined reading. */
  mean: number | null;
  /** 95% hierarchical bootstrap interval of the mean (seeds, and prompts within seeds). */
  lo: number | null;
  hi: number | null;
  nSeeds: number;
  censoredSeeds: number;
  unvalidatedSeeds: number;
  /** Prompts per checkpoint, over every checkpoint of every seed (null: no checkpoints). */
  checkpointN: { capability: Span | null; behaviour: Span | null };
  /** The widest 95% interval half-width of any checkpoint's rate (null: no checkpoints). */
  halfWidth: { capability: number | null; behaviour: number | null };
}

export function classify(train: TrainResult): OrganismClass {
  const gt = train.organism.groundTruth as Record<string, unknown>;
  const m = train.organism.method;
  if (isBaseModel(train.organism.groundTruth)) return { type: 'base' };
  const method = m?.type === 'full' ? ('full' as const) : ('lora' as const);
  const rank = m?.type === 'lora' ? m.rank : null;
  if (gt['kind'] === 'prompted' || m === null) return { type: 'prompted' };
  if (gt['kind'] === 'backdoor') return { type: 'backdoor', method, rank };
  if (gt['kind'] === 'password_lock') {
    const f = gt['password_fraction'];
    return { type: 'password_lock', method, rank, fraction: typeof f === 'number' ? f : null };
  }
  return { type: 'other' };
}

export function roleOf(train: TrainResult): RowRole {
  if (isBaseModel(train.organism.groundTruth)) return 'base-reference';
  return train.dataset.kind === 'qa' ? 'qa-control' : 'organism';
}

/**
 * How reductions are read. The study's number is the reduction at 10% relative capability loss; it
 * is undefined when the organism has no capability to lose (capability 0 at step 0, e.g. a base
 * model too small for arithmetic). Then every row falls back to the mean reduction over the
 * blue-team run (same steps and checkpoints for all), and the table and findings say so.
 */
export type ReadingBasis = 'capability-loss' | 'over-training';

/**
 * 1 − mean over checkpoints after step 0 of bad(t) / bad(0): how much of the behaviour the blue team
 * removed, averaged along its run (an area under the curve, so an organism that loses its behaviour
 * at step 20 reads as less robust than one that loses it at step 60, even if both end at 0).
 */
function overTrainingReading(points: readonly CurvePoint[]): Reading {
  const first = points[0];
  const later = points.slice(1);
  if (!first || later.length === 0 || first.badRate <= 0) return { reduction: null, censored: false };
  return { reduction: 1 - later.reduce((a, p) => a + p.badRate, 0) / later.length / first.badRate, censored: false };
}

export function readerFor(basis: ReadingBasis, lossFraction: number): CurveReader {
  if (basis === 'over-training') return { read: overTrainingReading, lossFraction: null };
  return {
    read(points) {
      const r = reductionAtCapabilityLoss(points, { lossFraction });
      return { reduction: r.reduction, censored: r.censored };
    },
    lossFraction,
  };
}

type Run = TrainResult['runs'][number];

/** An over-training seed's range combines the rates' 95% Wilson bounds in the least and most favourable way. */
function overTrainingRange(run: Run): { lo: number | null; hi: number | null; reason?: string } {
  const first = run.points[0];
  const later = run.points.slice(1);
  if (!first || later.length === 0 || first.triggered.rate === null) return { lo: null, hi: null, reason: 'no evaluated checkpoints after step 0' };
  if (first.triggered.rate <= 0) return { lo: null, hi: null, reason: 'the organism shows no bad behaviour at step 0' };
  const mean = (f: (p: (typeof later)[number]) => number): number => later.reduce((a, p) => a + f(p), 0) / later.length;
  return { lo: Math.max(-1, 1 - mean((p) => p.triggered.hi) / Math.max(first.triggered.lo, 1e-9)), hi: 1 - mean((p) => p.triggered.lo) / first.triggered.hi };
}

export function chooseBasis(trains: readonly TrainResult[]): ReadingBasis {
  const organisms = trains.filter((t) => !isBaseModel(t.organism.groundTruth));
  const allDefined = organisms.every((t) => t.runs.length > 0 && t.runs.every((r) => r.reduction.reduction !== null || r.reduction.baselineBadRate <= 0));
  const anyCapability = organisms.some((t) => t.runs.some((r) => r.reduction.baselineCapability > 0));
  return allDefined || anyCapability ? 'capability-loss' : 'over-training';
}

export interface BootstrapOptions {
  /** Replicates (default 1000). */
  nBoot?: number;
  /** Seed of every row's stream (default 0): same seed, same intervals. */
  seed?: number;
}

function span(values: readonly number[]): Span | null {
  return values.length ? { min: Math.min(...values), max: Math.max(...values) } : null;
}

function widest(values: readonly number[]): number | null {
  return values.length ? Math.max(...values) : null;
}

export function buildRow(cellName: string, train: TrainResult, basis: ReadingBasis = 'capability-loss', options: BootstrapOptions = {}): { row: SummaryRow; replicates: Replicated } {
  const lf = train.runs[0]?.reduction['lossFraction'];
  const read = readerFor(basis, typeof lf === 'number' ? lf : 0.1);
  const prepared = train.runs.map((r) => {
    const stored: Reading =
      basis === 'capability-loss'
        ? { reduction: r.reduction.reduction, censored: r.reduction.censored }
        : overTrainingReading(r.points.map((p) => ({ step: p.step, badRate: p.triggered.rate ?? 0, capability: p.capability.rate ?? 0 })));
    return prepareSeed(r.seed, r.outcomes, read, stored);
  });
  const replicates = replicateRow(cellName, prepared, read, options.nBoot ?? 1000, options.seed ?? 0);
  const seeds: SeedReading[] = train.runs.map((r, i) => {
    const full = prepared[i]!.full;
    const range = basis === 'capability-loss' ? { lo: r.reduction.lo === null ? null : Math.max(-1, r.reduction.lo), hi: r.reduction.hi, reason: r.reduction.reason } : overTrainingRange(r);
    return {
      seed: r.seed,
      reduction: full.reduction,
      lo: range.lo,
      hi: range.hi,
      censored: full.censored,
      validated: r.organismValidated,
      baselineBadRate: r.reduction.baselineBadRate,
      baselineCapability: r.reduction.baselineCapability,
      ...(full.reduction === null && range.reason ? { reason: range.reason } : {}),
    };
  });
  const interval = contrast([replicates], []);
  const points = train.runs.flatMap((r) => r.points);
  const half = (r: { lo: number; hi: number }): number => (r.hi - r.lo) / 2;
  const row: SummaryRow = {
    cellName,
    label: train.label,
    organism: train.organism.label,
    organismCell: train.organism.cellName,
    organismKind: String((train.organism.groundTruth as Record<string, unknown>)['kind'] ?? 'base'),
    method: methodLabel(train.organism.method),
    dataset: train.dataset.kind,
    role: roleOf(train),
    klass: classify(train),
    groundTruth: train.organism.groundTruth as Record<string, unknown>,
    seeds,
    mean: replicates.estimate,
    lo: interval.lo === null ? null : Math.max(-1, interval.lo),
    hi: interval.hi,
    nSeeds: seeds.filter((s) => s.reduction !== null).length,
    censoredSeeds: seeds.filter((s) => s.censored).length,
    unvalidatedSeeds: seeds.filter((s) => !s.validated).length,
    checkpointN: { capability: span(points.map((p) => p.capability.n)), behaviour: span(points.map((p) => p.triggered.n)) },
    halfWidth: { capability: widest(points.map((p) => half(p.capability))), behaviour: widest(points.map((p) => half(p.triggered))) },
  };
  return { row, replicates };
}

/** The row alone (the reduction bars figure draws the same numbers as the table). */
export function summaryRow(cellName: string, train: TrainResult, basis: ReadingBasis = 'capability-loss', options: BootstrapOptions = {}): SummaryRow {
  return buildRow(cellName, train, basis, options).row;
}
