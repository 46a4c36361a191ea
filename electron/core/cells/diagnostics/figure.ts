// The diagnostics chart (plotly JSON, drawn by the cell and by the report): one group of bars per
// diagnostic, one bar per model with the base model first, each with its 95% interval. Rates share
// a percent axis; perplexity, on its own scale, gets a narrow panel on the right. Leakage is
// measured against each organism's own behaviour, so it has one group per behaviour, and the base's
// bar in each group is the base scored against that behaviour.
import { seriesColour } from '../../../shared/palette.js';
import type { Figure } from '../plot/figures.js';
import type { Diagnostic, DiagnosticsResult } from './result.js';

const BASE_COLOUR = '#555';

/** The x category of a diagnostic: its short name, plus the behaviour for leakage. */
export function categoryOf(d: Pick<Diagnostic, 'id' | 'variant'>): string {
  const short: Record<Diagnostic['id'], string> = {
    perplexity: 'perplexity / char',
    instructions: 'instructions',
    chat: 'chat answers',
    arithmetic: 'arithmetic',
    leakage: 'leakage',
    garbage: 'garbage / refusal',
  };
  return d.variant ? `${short[d.id]}: ${d.variant}` : short[d.id];
}

interface Bar {
  x: string;
  value: number | null;
  lo: number;
  hi: number;
  n: number;
  verdict: string;
}

function trace(name: string, bars: Bar[], axis: 'x' | 'x2', colour: string, legend: boolean, group: string): Record<string, unknown> {
  return {
    type: 'bar',
    name,
    legendgroup: group,
    showlegend: legend,
    xaxis: axis,
    yaxis: axis === 'x' ? 'y' : 'y2',
    x: bars.map((b) => b.x),
    y: bars.map((b) => b.value),
    marker: { color: colour },
    error_y: {
      type: 'data',
      symmetric: false,
      array: bars.map((b) => (b.value === null ? 0 : Math.max(0, b.hi - b.value))),
      arrayminus: bars.map((b) => (b.value === null ? 0 : Math.max(0, b.value - b.lo))),
    },
    customdata: bars.map((b) => [b.n, b.verdict]),
    hovertemplate: `${name}<br>%{x}: %{y:${axis === 'x' ? '.1%' : '.3f'}} (n=%{customdata[0]})<br>%{customdata[1]}<extra></extra>`,
  };
}

export function diagnosticsFigure(result: DiagnosticsResult, title: string): Figure {
  // The base's bars, one per category any model has (leakage once per behaviour).
  const baseBars = new Map<string, Bar & { perplexity: boolean }>();
  for (const m of result.models) {
    for (const d of m.diagnostics) {
      const x = categoryOf(d);
      if (!baseBars.has(x)) baseBars.set(x, { x, ...d.base, verdict: 'base model', perplexity: d.unit === 'perplexity' });
    }
  }
  const split = <T extends { perplexity: boolean }>(bars: T[]): [T[], T[]] => [bars.filter((b) => !b.perplexity), bars.filter((b) => b.perplexity)];
  const data: Array<Record<string, unknown>> = [];
  const [baseRates, basePpl] = split([...baseBars.values()]);
  data.push(trace(`${result.base.label} (base)`, baseRates, 'x', BASE_COLOUR, true, 'base'), trace(`${result.base.label} (base)`, basePpl, 'x2', BASE_COLOUR, false, 'base'));
  // One colour per input cell, so the seeds of one organism read as one family.
  const cells = [...new Set(result.models.map((m) => m.cellName))];
  for (const m of result.models) {
    const colour = seriesColour(cells.indexOf(m.cellName));
    const bars = m.diagnostics.map((d) => ({ x: categoryOf(d), ...d.model, verdict: d.verdict, perplexity: d.unit === 'perplexity' }));
    const [rates, ppl] = split(bars);
    data.push(trace(m.label, rates, 'x', colour, true, m.label), trace(m.label, ppl, 'x2', colour, false, m.label));
  }
  return {
    data,
    layout: {
      title: { text: title },
      barmode: 'group',
      // Category names on two lines, level: rotated labels ran into the legend below them.
      xaxis: {
        domain: [0, 0.8],
        categoryorder: 'array',
        categoryarray: [...baseBars.keys()],
        tickvals: [...baseBars.keys()],
        ticktext: [...baseBars.keys()].map((c) => c.replace(': ', ':<br>').replace(' / ', ' /<br>')),
        tickangle: 0,
        automargin: true,
      },
      yaxis: { title: { text: 'rate (95% interval)' }, tickformat: '.0%', range: [0, 1.05] },
      xaxis2: { domain: [0.86, 1], anchor: 'y2' },
      yaxis2: { title: { text: 'perplexity per character' }, anchor: 'x2', rangemode: 'tozero' },
      // The legend at the bottom of the figure's box, below the tick labels whatever their height.
      legend: { orientation: 'h', yref: 'container', yanchor: 'bottom', y: 0 },
      margin: { t: 50, r: 20, b: 150, l: 60 },
    },
  };
}
