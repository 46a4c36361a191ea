// Plotly figure specs built from study results. They are plain JSON (stored in result.json), drawn
// by the renderer and inlined in the HTML report; colours for text and grid come from the theme at
// draw time (see `themedLayout`), so the same figure reads well in light and dark mode.
import { PALETTE } from '../../../shared/palette.js';
import { rateOf } from '../../eval/wilson.js';
import type { TrainResult } from '../common/results.js';
import { chooseBasis, summaryRow } from '../summary/aggregate.js';

export interface Figure {
  data: Array<Record<string, unknown>>;
  layout: Record<string, unknown>;
}

export { PALETTE } from '../../../shared/palette.js';

function hexToRgba(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Per step, counts pooled over seeds: the curve's point and its 95% Wilson interval. */
export function pooledCurve(train: TrainResult): Array<{ step: number; bad: ReturnType<typeof rateOf>; cap: ReturnType<typeof rateOf> }> {
  const steps = [...new Set(train.runs.flatMap((r) => r.points.map((p) => p.step)))].sort((a, b) => a - b);
  return steps.map((step) => {
    const at = train.runs.map((r) => r.points.find((p) => p.step === step)).filter((p) => p !== undefined);
    const sum = (f: (p: (typeof at)[number]) => number): number => at.reduce((a, p) => a + f(p), 0);
    return {
      step,
      bad: rateOf(sum((p) => p.triggered.k), sum((p) => p.triggered.n)),
      cap: rateOf(sum((p) => p.capability.k), sum((p) => p.capability.n)),
    };
  });
}

/**
 * The y axis of a trade-off names what "bad" is for the organisms drawn: a backdoor's (or prompted
 * organism's) behaviour on triggered prompts, or a password lock's weak answers without the password.
 */
export function badRateAxisTitle(kinds: ReadonlyArray<string | undefined>): string {
  const locks = kinds.filter((k) => k === 'password_lock').length;
  if (locks === 0) return 'bad-behaviour rate with trigger';
  if (locks === kinds.length) return 'weak answers without the password';
  return 'bad-behaviour rate (locks: weak answers)'; // short enough to fit beside the plot
}

/**
 * Percent ticks keep one decimal only where they need it ('~' trims a trailing .0): a curve whose
 * capability moves within a few points gets ticks 0.5% apart, which '.0%' would print as 100%, 100%, 99%.
 */
const PERCENT_TICKS = '.1~%';

export function tradeoffFigure(trains: Array<{ cellName: string; result: TrainResult }>, title: string): Figure {
  const data: Array<Record<string, unknown>> = [];
  // With no capability anywhere (a base model that cannot do arithmetic) the capability axis is a
  // single point; the curves are then drawn against the blue-team step instead, and the figure says so.
  const noCapability = trains.every(({ result }) => result.runs.every((r) => r.points.every((p) => p.capability.k === 0)));
  trains.forEach(({ result }, i) => {
    const colour = PALETTE[i % PALETTE.length] as string;
    const curve = pooledCurve(result);
    const x = curve.map((c) => (noCapability ? c.step : (c.cap.rate ?? 0)));
    const y = curve.map((c) => c.bad.rate ?? 0);
    // The 95% band of the bad-behaviour rate along the curve (a closed polygon: upper edge, then lower edge back).
    data.push({
      type: 'scatter',
      mode: 'lines',
      x: [...x, ...[...x].reverse()],
      y: [...curve.map((c) => c.bad.hi), ...[...curve].reverse().map((c) => c.bad.lo)],
      fill: 'toself',
      fillcolor: hexToRgba(colour, 0.15),
      line: { width: 0, color: colour },
      hoverinfo: 'skip',
      showlegend: false,
      legendgroup: result.organism.label,
      name: `${result.organism.label} 95% band`,
    });
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      name: result.organism.label,
      legendgroup: result.organism.label,
      x,
      y,
      line: { color: colour, width: 2 },
      marker: { color: colour, size: 7 },
      error_x: noCapability ? { visible: false } : { type: 'data', symmetric: false, array: curve.map((c) => (c.cap.hi - (c.cap.rate ?? 0))), arrayminus: curve.map((c) => ((c.cap.rate ?? 0) - c.cap.lo)), color: colour, thickness: 1, width: 2 },
      error_y: { type: 'data', symmetric: false, array: curve.map((c) => (c.bad.hi - (c.bad.rate ?? 0))), arrayminus: curve.map((c) => ((c.bad.rate ?? 0) - c.bad.lo)), color: colour, thickness: 1, width: 2 },
      customdata: curve.map((c) => [c.step, c.bad.k, c.bad.n, c.cap.k, c.cap.n, c.cap.rate ?? 0]),
      hovertemplate:
        '<b>%{fullData.name}</b><br>step %{customdata[0]}<br>bad rate %{y:.0%} (%{customdata[1]}/%{customdata[2]})<br>capability %{customdata[5]:.0%} (%{customdata[3]}/%{customdata[4]})<extra></extra>',
    });
  });
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
        { text: noCapability ? 'points pooled over seeds, 95% Wilson intervals (band)' : 'training goes right → (capability falls); points pooled over seeds, 95% Wilson intervals', showarrow: false, xref: 'paper', yref: 'paper', x: 0, y: 1.06, xanchor: 'left', font: { size: 11 } },
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
