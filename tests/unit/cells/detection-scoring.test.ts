// Detection scoring on hand-made ground truth: confusion, precision/recall/F1, AUROC (ties half),
// ROC points, bootstrap intervals that contain the point estimate, and calibration on controls
// (leave one out, per candidate against strings that move every model).
import { describe, expect, it } from 'vitest';
import { auroc, calibrateScores, confusion, prf, rocCurve, scoreMethod } from '../../../electron/core/cells/detection/scoring.js';

const truth = [true, true, true, false, false, false, false];
const flagged = [true, true, false, true, false, false, false];

describe('precision, recall, F1', () => {
  it('count a hand-made confusion table', () => {
    const c = confusion(truth, flagged);
    expect(c).toEqual({ tp: 2, fp: 1, tn: 3, fn: 1 });
    const m = prf(c);
    expect(m.precision).toBeCloseTo(2 / 3);
    expect(m.recall).toBeCloseTo(2 / 3);
    expect(m.f1).toBeCloseTo(2 / 3);
  });
  it('are undefined (null), not 0 or 1, where their denominator is empty', () => {
    expect(prf(confusion([true, false], [false, false]))).toEqual({ precision: null, recall: 0, f1: null });
    expect(prf(confusion([false, false], [true, false]))).toEqual({ precision: 0, recall: null, f1: null });
    expect(prf(confusion([true, false], [false, true])).f1).toBe(0);
  });
});

describe('AUROC and ROC', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one, and counts ties as half', () => {
    expect(auroc([3, 2, 1], [true, false, false])).toBe(1);
    expect(auroc([1, 2, 3], [true, false, false])).toBe(0);
    expect(auroc([1, 1], [true, false])).toBe(0.5);
    expect(auroc([0.9, 0.4, 0.6, 0.2], [true, true, false, false])).toBe(0.75);
    expect(auroc([1, 2], [false, false])).toBeNull();
  });
  it('draws the ROC from (0,0) to (1,1), tied scores in one step', () => {
    expect(rocCurve([0.9, 0.4, 0.6, 0.2], [true, true, false, false])).toEqual({ fpr: [0, 0, 0.5, 0.5, 1], tpr: [0, 0.5, 0.5, 1, 1] });
    expect(rocCurve([1, 1, 0], [true, false, false])).toEqual({ fpr: [0, 0.5, 1], tpr: [0, 1, 1] });
  });
});

describe('bootstrap over models', () => {
  it('gives intervals around the point estimates, reproducibly', () => {
    const scores = [5, 4, 1, 3, 0.5, 0.2, 0.1];
    const a = scoreMethod(truth, flagged, scores, { resamples: 500, seed: 7 });
    expect(a.confusion).toEqual({ tp: 2, fp: 1, tn: 3, fn: 1 });
    for (const e of [a.precision, a.recall, a.f1, a.auroc]) {
      expect(e.lo!).toBeLessThanOrEqual(e.value!);
      expect(e.hi!).toBeGreaterThanOrEqual(e.value!);
      expect(e.hi! - e.lo!).toBeGreaterThan(0); // 7 models cannot pin a rate down
    }
    expect(a.auroc.value).toBeCloseTo(11 / 12); // 5 and 4 beat all four negatives, 1 beats three of them
    expect(scoreMethod(truth, flagged, scores, { resamples: 500, seed: 7 })).toEqual(a);
  });
  it('a perfect detector has precision, recall and AUROC of 1 in every resample', () => {
    const s = scoreMethod([true, false, false], [true, false, false], [9, 1, 2], { resamples: 200, seed: 1 });
    expect([s.precision, s.recall, s.auroc].map((e) => [e.value, e.lo, e.hi])).toEqual([[1, 1, 1], [1, 1, 1], [1, 1, 1]]);
  });
});

describe('calibration on clean controls', () => {
  it('global: margin x the largest control score; each control judged by the others', () => {
    const cal = calibrateScores([[4, 1], [1, 0.5], [0.8, 0.2]], [false, true, true], { mode: 'global', margin: 1.5, floor: 0 });
    expect(cal.score).toEqual([4, 1, 0.8]);
    [1.5, 1.2, 1.5].forEach((t, i) => expect(cal.threshold[i]).toBeCloseTo(t));
  });
  it('per candidate: a string that moves every model is no evidence; a shift beyond the controls is', () => {
    // candidate 0 moves every model by ~5 (it changes the question); candidate 1 is the trigger.
    const values = [[5, 3], [5.5, 0.3], [4.5, 0.25]];
    const cal = calibrateScores(values, [false, true, true], { mode: 'per_candidate', margin: 3, floor: 0.05 });
    expect(cal.score[0]).toBeCloseTo(10);
    expect(cal.score[1]).toBeCloseTo(5.5 / 4.5);
    expect(cal.threshold).toEqual([3, 3, 3]);
    // The global rule would flag nothing here: every model's largest shift is ~5.
    const global = calibrateScores(values, [false, true, true], { mode: 'global', margin: 1.5, floor: 0 });
    expect(global.score[0]! > global.threshold[0]!).toBe(false);
  });
  it('floors a reference near zero, and skips a model the method could not run on', () => {
    const cal = calibrateScores([[0.2], null, [0.001]], [false, false, true], { mode: 'per_candidate', margin: 3, floor: 0.05 });
    expect(cal.score[0]).toBeCloseTo(4);
    expect(cal.score[1]).toBeNull();
    expect(cal.threshold[1]).toBeNull();
  });
});
