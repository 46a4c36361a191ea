// The ROC figure of a detection run (plotly JSON, drawn by the renderer and the report alike):
// one curve per method over the population's models, the chance diagonal, AUROC in the legend.
import { PALETTE, type Figure } from '../plot/figures.js';
import type { MethodScores } from './scoring.js';

export function rocFigure(methods: ReadonlyArray<Partial<MethodScores> & { label: string }>): Figure {
  const fmt = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : x.toFixed(2));
  const data: Figure['data'] = methods
    .filter((m) => m.roc)
    .map((m, i) => ({
      type: 'scatter',
      mode: 'lines+markers',
      name: `${m.label} (AUROC ${fmt(m.auroc?.value)} [${fmt(m.auroc?.lo)}, ${fmt(m.auroc?.hi)}])`,
      x: m.roc!.fpr,
      y: m.roc!.tpr,
      line: { shape: 'hv', color: PALETTE[i % PALETTE.length] },
    }));
  data.push({ type: 'scatter', mode: 'lines', name: 'chance', x: [0, 1], y: [0, 1], line: { dash: 'dot', color: '#999' }, hoverinfo: 'skip' });
  return {
    data,
    layout: {
      title: { text: 'Detection ROC over models (organisms vs clean controls)' },
      xaxis: { title: { text: 'false-positive rate (clean models flagged)' }, range: [-0.02, 1.02] },
      yaxis: { title: { text: 'true-positive rate (backdoored models flagged)' }, range: [-0.02, 1.02] },
      legend: { orientation: 'h', y: -0.2 },
    },
  };
}
