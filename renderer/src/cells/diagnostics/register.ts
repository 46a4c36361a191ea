import { registerCellKind } from '../registry.js';
import DiagnosticsCell from './DiagnosticsCell.svelte';

registerCellKind({
  kind: 'diagnostics',
  label: 'Diagnostics',
  description: 'Is this organism fried? Perplexity, instructions, chat, untrained skill, leakage and garbage against the base model, with intervals and verdicts.',
  icon: '⚕',
  component: DiagnosticsCell,
  defaultConfig: {},
  // The nearest model cell above is the base; the organism cells above are the models to diagnose.
  defaultInputs: (notebook, index): Record<string, string | string[]> => {
    const above = notebook.cells.slice(0, index);
    const base = above.filter((c) => c.kind === 'model').pop();
    const models = above.filter((c) => c.kind === 'organism').map((c) => c.name);
    return { ...(base ? { base: base.name } : {}), ...(models.length ? { models } : {}) };
  },
});
