import { registerCellKind } from '../registry.js';
import ModelCell from './ModelCell.svelte';

registerCellKind({
  kind: 'model',
  label: 'Model',
  description: 'The embedded base model, or a model directory on disk.',
  icon: '◆',
  component: ModelCell,
  defaultConfig: { source: 'embedded' },
  defaultName: 'base',
});
