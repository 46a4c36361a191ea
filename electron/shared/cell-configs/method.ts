// The training method knob shared by organism, train and detection cells, with the defaults of the bridge.
// Pure zod (no Node): the renderer validates forms with the same schema the core runs.
import { z } from 'zod';

export const MethodConfigSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('lora'),
      rank: z.number().int().positive().max(1024),
      alpha: z.number().positive().optional(),
      dropout: z.number().min(0).max(1).default(0),
      targets: z.array(z.enum(['attn', 'mlp'])).min(1).default(['attn', 'mlp']),
    })
    .strict(),
  z.object({ type: z.literal('full') }).strict(),
]);
export type MethodConfig = z.infer<typeof MethodConfigSchema>;

/** The bridge's method object; LoRA alpha defaults to twice the rank (scale 2), the bridge's default. */
export function toBridgeMethod(method: MethodConfig) {
  return method.type === 'full'
    ? ({ type: 'full' } as const)
    : ({ type: 'lora', rank: method.rank, alpha: method.alpha ?? 2 * method.rank, dropout: method.dropout, targets: method.targets } as const);
}

export function methodLabel(method: MethodConfig | { type: 'lora'; rank: number } | { type: 'full' } | null): string {
  if (!method) return 'prompted';
  return method.type === 'full' ? 'full weights' : `LoRA r${method.rank}`;
}

/** Learning rate when the config leaves it out: LoRA adapters need a larger step than full weights. */
export function defaultLr(method: MethodConfig): number {
  return method.type === 'lora' ? 3e-3 : 1e-3;
}
