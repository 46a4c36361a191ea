import { registerCellKind } from '../registry.js';
import TrainCell from './TrainCell.svelte';

registerCellKind({
  kind: 'train',
  label: 'Blue-team training',
  description: 'Untargeted SFT (pirate, QA or JSONL) with interspersed evaluation: a trade-off curve.',
  icon: '⚑',
  component: TrainCell,
  defaultConfig: () => ({ dataset: { kind: 'pirate' }, method: { type: 'lora', rank: 64 }, steps: 200, eval_every: 50 }),
  defaultName: 'pirate_sft',
  defaultInputs: (notebook, index): Record<string, string> => {
    const organism = notebook.cells.slice(0, index).reverse().find((c) => c.kind === 'organism');
    return organism ? { organism: organism.name } : {};
  },
});
