import { registerCellKind } from '../registry.js';
import SummaryCell from './SummaryCell.svelte';

registerCellKind({
  kind: 'summary',
  label: 'Summary',
  description: 'Reduction at 10% capability loss per organism over seeds, controls, and a verdict per Result from an interval on its difference.',
  icon: 'Σ',
  component: SummaryCell,
  defaultConfig: {},
  defaultInputs: (notebook, index) => ({ runs: notebook.cells.slice(0, index).filter((c) => c.kind === 'train').map((c) => c.name) }),
});
