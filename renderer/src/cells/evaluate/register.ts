import { registerCellKind } from '../registry.js';
import EvaluateCell from './EvaluateCell.svelte';

registerCellKind({
  kind: 'evaluate',
  label: 'Evaluate',
  description: 'Bad-behaviour rates with and without trigger, capability and perplexity, with n and intervals.',
  icon: '✓',
  component: EvaluateCell,
  defaultConfig: { eval: { n: 64 } },
});
