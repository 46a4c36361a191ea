import { registerCellKind } from '../registry.js';
import PlotCell from './PlotCell.svelte';

registerCellKind({
  kind: 'plot',
  label: 'Plot',
  description: 'Trade-off curves with 95% bands, loss curves or reduction bars of train cells.',
  icon: '∿',
  component: PlotCell,
  defaultConfig: { type: 'tradeoff' },
  defaultInputs: (notebook, index) => ({ runs: notebook.cells.slice(0, index).filter((c) => c.kind === 'train').map((c) => c.name) }),
});
