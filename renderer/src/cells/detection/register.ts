import { registerCellKind } from '../registry.js';
import DetectionCell from './DetectionCell.svelte';

registerCellKind({
  kind: 'detection',
  label: 'Detection',
  description: 'Would a detector find the organisms, and how often does it cry wolf? Trigger scan and activation probe against matched clean controls: P/R/F1, AUROC, ROC.',
  icon: '⌕',
  component: DetectionCell,
  defaultConfig: { prompts: 50, controls: { seeds: [1000, 1001] } },
  defaultInputs: (notebook, index) => ({ models: notebook.cells.slice(0, index).filter((c) => c.kind === 'organism').map((c) => c.name) }),
});
