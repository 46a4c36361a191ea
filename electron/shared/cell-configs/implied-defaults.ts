// Defaults that depend on other fields, so no schema `.default()` can state them: the learning rate
// follows the method (LoRA 3e-3, full weights 1e-3), LoRA's alpha is twice its rank, a train run's
// step budget is its Steps and it attacks every organism seed. The forms
// show them as the placeholder of the empty field, so "(default)" never hides what a run will use.
import { defaultLr, MethodConfigSchema } from './method.js';

/** Dotted path → the value a run uses when the field is left out, for fields whose default depends on others. */
export function impliedDefaults(kind: string, config: Record<string, unknown>): Record<string, string> {
  if (kind !== 'organism' && kind !== 'train') return {};
  const fallback = kind === 'organism' ? { type: 'lora', rank: 8 } : { type: 'lora', rank: 64 };
  const method = MethodConfigSchema.safeParse(config['method'] ?? fallback);
  if (!method.success) return {};
  const out: Record<string, string> = { lr: String(defaultLr(method.data)) };
  if (method.data.type === 'lora') out['method.alpha'] = String(2 * method.data.rank);
  if (kind === 'organism') out['validation.maxNearMiss'] = 'off';
  if (kind === 'train') {
    out['seeds'] = "all the organism's";
    out['stop.maxSteps'] = `${typeof config['steps'] === 'number' ? config['steps'] : 200} (Steps)`;
  }
  return out;
}
