import { registerCellKind } from '../registry.js';
import SampleCell from './SampleCell.svelte';

registerCellKind({
  kind: 'sample',
  label: 'Samples',
  description: 'One prompt answered side by side by several models, with and without the trigger.',
  icon: '❝',
  component: SampleCell,
  defaultConfig: { prompt: 'What is 23+19?', withTrigger: true },
});
