// Plotly figure specs built from study results. They are plain JSON (stored in result.json), drawn
// by the renderer and inlined in the HTML report; colours for text and grid come from the theme at
// draw time (see `themedLayout`), so the same figure reads well in light and dark mode.
import { PALETTE } from '../../../shared/palette.js';
import { pairedDifferenceFromCounts } from '../../eval/paired.js';
import { rateOf } from '../../eval/wilson.js';
import type { TrainResult } from '../common/results.js';
import { chooseBasis, summaryRow } from '../summary/aggregate.js';
import { seedMeanCurve } from './seed-mean-curve.js';

export interface Figure {
  data: Array<Record<string, unknown>>;
  layout: Record<string, unknown>;
}

export { PALETTE } from '../../../shared/palette.js';

function hexToRgba(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

type CurvePoint = TrainResult['runs'][number]['points'][number];

/**
 * The y value of points pooled over seeds: a backdoor's behaviour rate from the summed counts
 * (Wilson); a password lock's capability gap from the summed pair counts (Newcombe, paired.ts),
 * since a gap is a difference, not k of n. A lock point stored without pair counts keeps its own.
 */
export function pooledBad(points: readonly CurvePoint[]): ReturnType<typeof rateOf> {
  if (points.some((p) => p.password)) {
    if (points.length === 1) return points[0]!.triggered;
    const total = { a: 0, b: 0, c: 0, d: 0 };
    for (const p of points) {
      const c = p.password?.gap.counts;
      if (!c) {
        // No pair counts to pool: the pooled mean, inside the widest of the seeds' intervals.
        const k = points.reduce((a, q) => a + q.triggered.k, 0);
        const n = points.reduce((a, q) => a + q.triggered.n, 0);
        return { k, n, rate: n ? k / n : null, lo: Math.min(...points.map((q) => q.triggered.lo)), hi: Math.max(...points.map((q) => q.triggered.hi)) };
      }
      total.a += c.a;
      total.b += c.b;
      total.c += c.c;
      total.d += c.d;
    }
    const g = pairedDifferenceFromCounts(total);
    return { k: g.k, n: g.n, rate: g.value, lo: g.lo, hi: g.hi };
  }
  return rateOf(points.reduce((a, p) => a + p.triggered.k, 0), points.reduce((a, p) => a + p.triggered.n, 0));
}

/** Per step, counts pooled over seeds: the curve's point and its 95% Wilson interval. */
export function pooledCurve(train: TrainResult): Array<{ step: number; bad: ReturnType<typeof rateOf>; cap: ReturnType<typeof rateOf> }> {
  const steps = [...new Set(train.runs.flatMap((r) => r.points.map((p) => p.step)))].sort((a, b) => a - b);
  return steps.map((step) => {
    const at = train.runs.map((r) => r.points.find((p) => p.step === step)).filter((p) => p !== undefined);
    const sum = (f: (p: (typeof at)[number]) => number): number => at.reduce((a, p) => a + f(p), 0);
    return {
      step,
      bad: pooledBad(at),
      cap: rateOf(sum((p) => p.capability.k), sum((p) => p.capability.n)),
    };
  });
}

/**
 * The y axis of a trade-off names what "bad" is for the organisms drawn: a backdoor's (or prompted
 * organism's) behaviour on triggered prompts, or a password lock's capability gap.
 */
export function badRateAxisTitle(kinds: ReadonlyArray<string | undefined>): string {
  const locks = kinds.filter((k) => k === 'password_lock').length;
  if (locks === 0) return 'bad-behaviour rate with trigger';
  // A lock's curve value is its capability gap (correct password minus no/wrong password, paired).
  if (locks === kinds.length) return 'capability gap (password − none/wrong)';
  return 'bad-behaviour rate (locks: capability gap)'; // short enough to fit beside the plot
}

/**
 * Percent ticks keep one decimal only where they need it ('~' trims a trailing .0): a curve whose
 * capability moves within a few points gets ticks 0.5% apart, which '.0%' would print as 100%, 100%, 99%.
 */
const PERCENT_TICKS = '.1~%';

/**
 * The legend's note on censored seeds: a censored reading (capability never fell by the reading's
 * loss fraction within the run) is a lower bound, and every figure says which curves carry one.
 */
export function censoredNote(runs: ReadonlyArray<{ reduction: { censored: boolean } }>): string {
  const censored = runs.filter((r) => r.reduction.censored).length;
  if (censored === 0) return '';
  return runs.length === 1 ? ' (censored)' : ` (${censored}/${runs.length} seeds censored)`;
}

/** Do all runs share their checkpoint steps (then their counts pool per step)? */
function sameSteps(train: TrainResult): boolean {
  const key = (r: TrainResult['runs'][number]): string => r.points.map((p) => p.step).join(',');
  return train.runs.every((r) => key(r) === key(train.runs[0]!));
}

type Rated = ReturnType<typeof rateOf>;
/** A 95% band along a curve: a closed polygon (upper edge out, lower edge back), no legend entry of its own. */
const band = (x: readonly number[], hi: readonly number[], lo: readonly number[], colour: string, group: string, name: string): Record<string, unknown> => ({
  type: 'scatter',
  mode: 'lines',
  x: [...x, ...[...x].reverse()],
  y: [...hi, ...[...lo].reverse()],
  fill: 'toself',
  fillcolor: hexToRgba(colour, 0.15),
  line: { width: 0, color: colour },
  hoverinfo: 'skip',
  showlegend: false,
  legendgroup: group,
  name,
});

const whiskers = (rates: Rated[], colour: string): Record<string, unknown> => ({
  type: 'data',
  symmetric: false,
  array: rates.map((r) => r.hi - (r.rate ?? 0)),
  arrayminus: rates.map((r) => (r.rate ?? 0) - r.lo),
  color: colour,
  thickness: 1,
  width: 2,
});

export function tradeoffFigure(trains: Array<{ cellName: string; result: TrainResult }>, title: string): Figure {
  const data: Array<Record<string, unknown>> = [];
  // With no capability anywhere (a base model that cannot do arithmetic) the capability axis is a
  // single point; the curves are then drawn against the blue-team step instead, and the figure says so.
  const noCapability = trains.every(({ result }) => result.runs.every((r) => r.points.every((p) => p.capability.k === 0)));
  const hover = '<b>%{fullData.name}</b><br>%{customdata[6]}step %{customdata[0]}<br>bad rate %{y:.0%} (%{customdata[1]}/%{customdata[2]})<br>capability %{customdata[5]:.0%} (%{customdata[3]}/%{customdata[4]})<extra></extra>';
  trains.forEach(({ result }, i) => {
    const colour = PALETTE[i % PALETTE.length] as string;
    const name = `${result.organism.label}${censoredNote(result.runs)}`;
    // A curve whose every reading is censored never reached the anchor: open markers say so at a glance.
    const allCensored = result.runs.length > 0 && result.runs.every((r) => r.reduction.censored);
    const trace = (curve: Array<{ step: number; bad: Rated; cap: Rated }>, censored: boolean, seedNote: string, showlegend: boolean): Record<string, unknown> => ({
      type: 'scatter',
      mode: 'lines+markers',
      name,
      legendgroup: result.organism.label,
      showlegend,
      x: curve.map((c) => (noCapability ? c.step : (c.cap.rate ?? 0))),
      y: curve.map((c) => c.bad.rate ?? 0),
      line: { color: colour, width: 2, dash: censored ? 'dot' : 'solid' },
      marker: { color: colour, size: 7, symbol: censored ? 'circle-open' : 'circle' },
      error_x: noCapability ? { visible: false } : whiskers(curve.map((c) => c.cap), colour),
      error_y: whiskers(curve.map((c) => c.bad), colour),
      customdata: curve.map((c) => [c.step, c.bad.k, c.bad.n, c.cap.k, c.cap.n, c.cap.rate ?? 0, seedNote]),
      hovertemplate: hover,
    });
    if (!sameSteps(result)) {
      // A stop rule and a schedule that densifies near the crossing give each seed its own steps:
      // the seeds' mean curve on a common grid (seed-mean-curve.ts), its 95% band across seeds;
      // each seed's own curve is one legend click away.
      const seedCurves = result.runs.map((run) => ({ points: run.points.map((p) => ({ step: p.step, capability: p.capability.rate, bad: pooledBad([p]).rate })) }));
      const mean = seedMeanCurve(seedCurves, noCapability);
      const x = mean.map((m) => m.x);
      data.push(band(x, mean.map((m) => m.hi), mean.map((m) => m.lo), colour, result.organism.label, `${result.organism.label} 95% band across seeds`));
      data.push({
        type: 'scatter',
        mode: 'lines',
        name,
        legendgroup: result.organism.label,
        x,
        y: mean.map((m) => m.mean),
        line: { color: colour, width: 2.5, dash: allCensored ? 'dot' : 'solid' },
        customdata: mean.map((m) => [m.seeds, m.loss ?? 0, m.lo, m.hi]),
        hovertemplate: noCapability
          ? '<b>%{fullData.name}</b><br>mean of %{customdata[0]} seeds at step %{x:.0f}<br>bad rate %{y:.0%} [%{customdata[2]:.0%}, %{customdata[3]:.0%}]<extra></extra>'
          : '<b>%{fullData.name}</b><br>mean of %{customdata[0]} seeds at %{customdata[1]:.0%} capability loss<br>bad rate %{y:.0%} [%{customdata[2]:.0%}, %{customdata[3]:.0%}]<extra></extra>',
      });
      result.runs.forEach((run, j) => {
        const curve = run.points.map((p) => ({ step: p.step, bad: pooledBad([p]), cap: rateOf(p.capability.k, p.capability.n) }));
        const note = `seed ${run.seed}${run.reduction.censored ? ' (censored)' : ''}${run.stop?.stoppedAt != null ? `, stopped at step ${run.stop.stoppedAt}` : ''}<br>`;
        data.push({
          ...trace(curve, run.reduction.censored, note, j === 0),
          name: `${result.organism.label}: each seed`,
          legendgroup: `${result.organism.label} seeds`,
          visible: 'legendonly',
          opacity: 0.7,
          line: { color: colour, width: 1, dash: run.reduction.censored ? 'dot' : 'solid' },
        });
      });
      return;
    }
    const curve = pooledCurve(result);
    const x = curve.map((c) => (noCapability ? c.step : (c.cap.rate ?? 0)));
    // The 95% band of the bad-behaviour rate along the curve (a closed polygon: upper edge, then lower edge back).
    data.push(band(x, curve.map((c) => c.bad.hi), curve.map((c) => c.bad.lo), colour, result.organism.label, `${result.organism.label} 95% band`));
    data.push(trace(curve, allCensored, '', true));
  });
  const censored = trains.flatMap(({ result }) => result.runs.filter((r) => r.reduction.censored));
  const perSeed = trains.some(({ result }) => !sameSteps(result));
  const pooling = perSeed ? 'mean over seeds (their checkpoints differ), band: 95% across seeds; each seed: its legend entry' : 'points pooled over seeds, 95% Wilson intervals';
  const note = noCapability ? `${pooling} (band)` : `training goes right → (capability falls); ${pooling}`;
  const fraction = censored.map((r) => r.reduction['lossFraction']).find((f) => typeof f === 'number') ?? 0.1;
  const censoredText = `open markers, dotted: censored (capability never fell ${Math.round(Number(fraction) * 100)}%: a lower bound)`;
  return {
    data,
    layout: {
      title: { text: noCapability ? `${title} — against step: capability is 0 everywhere` : title },
      xaxis: noCapability
        ? { title: { text: 'blue-team step (the base model has no arithmetic capability, so there is no capability axis)' } }
        : { title: { text: 'capability (arithmetic exact match)' }, tickformat: PERCENT_TICKS, autorange: 'reversed' },
      yaxis: { title: { text: badRateAxisTitle(trains.map((t) => t.result.organism.groundTruth.kind)) }, tickformat: PERCENT_TICKS, range: [-0.02, 1.02] },
      legend: { orientation: 'h', y: -0.2 },
      margin: { t: 50, r: 20, b: 80, l: 60 },
      annotations: [
        {
          text: censored.length > 0 ? `${note}; ${censoredText}` : note,
          showarrow: false, xref: 'paper', yref: 'paper', x: 0, y: 1.06, xanchor: 'left', font: { size: 11 },
        },
      ],
    },
  };
}

export function lossFigure(trains: Array<{ cellName: string; result: TrainResult }>, title: string): Figure {
  const data: Array<Record<string, unknown>> = [];
  trains.forEach(({ result }, i) => {
    const colour = PALETTE[i % PALETTE.length] as string;
    result.runs.forEach((run, j) => {
      data.push({
        type: 'scatter',
        mode: 'lines',
        name: `${result.organism.label} (seed ${run.seed})`,
        legendgroup: result.organism.label,
        showlegend: j === 0,
        x: run.losses.map((l) => l.step),
        y: run.losses.map((l) => l.loss),
        line: { color: colour, width: 1.5 },
      });
    });
  });
  return {
    data,
    layout: { title: { text: title }, xaxis: { title: { text: 'blue-team step' } }, yaxis: { title: { text: 'training loss' } }, margin: { t: 50, r: 20, b: 50, l: 60 } },
  };
}

export function reductionBarsFigure(trains: Array<{ cellName: string; result: TrainResult }>, title: string): Figure {
  const basis = chooseBasis(trains.map((t) => t.result));
  const rows = trains.map(({ cellName, result }) => summaryRow(cellName, result, basis));
  return {
    data: [
      {
        type: 'bar',
        x: rows.map((r) => r.organism),
        y: rows.map((r) => r.mean),
        marker: { color: rows.map((_, i) => PALETTE[i % PALETTE.length]) },
        error_y: { type: 'data', symmetric: false, array: rows.map((r) => (r.hi !== null && r.mean !== null ? r.hi - r.mean : 0)), arrayminus: rows.map((r) => (r.lo !== null && r.mean !== null ? r.mean - r.lo : 0)) },
        hovertemplate: '%{x}<br>reduction %{y:.0%}<extra></extra>',
        name: 'mean over seeds',
      },
      {
        type: 'scatter',
        mode: 'markers',
        x: rows.flatMap((r) => r.seeds.map(() => r.organism)),
        y: rows.flatMap((r) => r.seeds.map((s) => s.reduction)),
        marker: { color: '#888', size: 7, symbol: 'circle-open' },
        name: 'per seed',
      },
    ],
    layout: {
      title: { text: title },
      // The title names the basis; the axis title stays short enough to fit beside the plot.
      yaxis: { title: { text: basis === 'capability-loss' ? 'reduction at 10% capability loss' : 'mean reduction over pirate SFT' }, tickformat: PERCENT_TICKS },
      margin: { t: 50, r: 20, b: 120, l: 60 },
    },
  };
}
