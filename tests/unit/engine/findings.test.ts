// The computed findings must follow the numbers: the same rules say "reproduced" for one set of
// readings and "not reproduced" for the opposite one.
import { describe, expect, it } from 'vitest';
import { chooseBasis, meanWithTInterval, summaryRow, type OrganismClass, type SummaryRow } from '../../../electron/core/cells/summary/aggregate.js';
import type { TrainResult } from '../../../electron/core/cells/common/results.js';
import { computeFindings } from '../../../electron/core/cells/summary/findings.js';
import { trainResult } from '../support/train-result.js';

function row(organism: string, klass: OrganismClass, reductions: number[]): SummaryRow {
  const m = meanWithTInterval(reductions);
  return {
    cellName: organism,
    label: organism,
    organism,
    organismKind: klass.type,
    method: organism,
    klass,
    groundTruth: {},
    seeds: reductions.map((r, i) => ({ seed: i, reduction: r, lo: r - 0.1, hi: r + 0.1, censored: false, validated: true, baselineBadRate: 1, baselineCapability: 0.8 })),
    ...m,
    nSeeds: reductions.length,
    censoredSeeds: 0,
    unvalidatedSeeds: 0,
  };
}

const study = (prompted: number, r4: number, r64: number, full: number, pw10: number, pw90: number): SummaryRow[] => [
  row('prompted', { type: 'prompted' }, [prompted, prompted + 0.01, prompted - 0.01]),
  row('LoRA r4', { type: 'backdoor', method: 'lora', rank: 4 }, [r4, r4 + 0.01, r4 - 0.01]),
  row('LoRA r64', { type: 'backdoor', method: 'lora', rank: 64 }, [r64, r64 + 0.01, r64 - 0.01]),
  row('full', { type: 'backdoor', method: 'full', rank: null }, [full, full + 0.01, full - 0.01]),
  row('pw 10%', { type: 'password_lock', method: 'full', rank: null, fraction: 0.1 }, [pw10, pw10 + 0.01, pw10 - 0.01]),
  row('pw 90%', { type: 'password_lock', method: 'full', rank: null, fraction: 0.9 }, [pw90, pw90 + 0.01, pw90 - 0.01]),
];

describe('computed findings', () => {
  it('says reproduced when the numbers go the reference study\'s way', () => {
    const f = computeFindings(study(0.95, 0.7, 0.5, 0.25, 0.4, 0.6));
    expect(f.map((x) => `${x.id}:${x.verdict}`)).toEqual(['result1:reproduced', 'result2:reproduced', 'result4:reproduced']);
    expect(f[0]?.evidence).toContain('seed intervals separate');
  });

  it('says not reproduced when they go the other way, and partly when mixed', () => {
    const f = computeFindings(study(0.1, 0.2, 0.5, 0.9, 0.3, 0.2));
    expect(f.map((x) => `${x.id}:${x.verdict}`)).toEqual(['result1:not reproduced', 'result2:not reproduced', 'result4:not reproduced']);
    const mixed = computeFindings(study(0.95, 0.5, 0.7, 0.25, 0.4, 0.6));
    expect(mixed[1]?.verdict).toBe('partly reproduced');
  });

  it('says not testable when the study lacks the organisms a result needs', () => {
    const f = computeFindings([row('LoRA r4', { type: 'backdoor', method: 'lora', rank: 4 }, [0.5])]);
    expect(f.map((x) => x.verdict)).toEqual(['not testable', 'not testable', 'not testable']);
  });

  it('computes a t-interval over seeds', () => {
    const m = meanWithTInterval([0.2, 0.4, 0.6]);
    expect(m.mean).toBeCloseTo(0.4);
    expect(m.hi! - m.mean!).toBeCloseTo(4.303 * 0.2 / Math.sqrt(3), 3);
    expect(meanWithTInterval([0.3]).lo).toBeNull();
  });
});

describe('reading basis', () => {
  const train = (capability: number, badStart: number, badEnd: number): TrainResult =>
    trainResult({
      points: [[0, badStart, capability], [50, badEnd, capability]],
      reduction: capability > 0
        ? { reduction: 0.3, censored: true, step: 50, lo: 0.1, hi: 0.5, baselineBadRate: badStart / 20, baselineCapability: capability / 20 }
        : { reduction: null, censored: false, step: null, lo: null, hi: null, baselineBadRate: badStart / 20, baselineCapability: 0, reason: 'Capability at step 0 is 0' },
    });

  it('reads at 10% capability loss when capability exists, and at the end of training when it does not', () => {
    expect(chooseBasis([train(10, 20, 10)])).toBe('capability-loss');
    expect(summaryRow('c', train(10, 20, 10), 'capability-loss').mean).toBeCloseTo(0.3);
    expect(chooseBasis([train(0, 20, 5)])).toBe('over-training');
    const row = summaryRow('c', train(0, 20, 5), 'over-training');
    expect(row.mean).toBeCloseTo(0.75); // one checkpoint after step 0: 1 - 5/20
    expect(row.seeds[0]?.lo).toBeLessThan(0.75);
    expect(computeFindings([row], 'over-training')[0]?.caveats[0]).toMatch(/mean reduction over the blue-team run/);
  });
});
