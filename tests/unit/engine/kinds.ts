// Small real cell kinds for engine tests: they write and read real files in the artifact store,
// so the tests exercise the same paths a training cell uses, without a Python process.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Cell } from '../../../electron/shared/notebook-schema.js';
import { createRegistry, type CellKindDefinition, type InputValue } from '../../../electron/core/engine/types.js';

export interface TestServices {
  runs: string[]; // cell names, in the order their runners started
}

const TextConfig = z.object({ text: z.string(), seed: z.number().int().default(0) });

/** Writes `text` plus the text of every input into out.txt. */
export const textKind: CellKindDefinition<z.infer<typeof TextConfig>, TestServices> = {
  kind: 'text',
  runnerVersion: '1',
  configSchema: TextConfig,
  async run(ctx) {
    ctx.services.runs.push(ctx.cell.name);
    const parts: string[] = [];
    for (const value of Object.values(ctx.inputs).flat() as InputValue[]) {
      parts.push(await readFile(path.join(value.dir, 'out.txt'), 'utf8'));
    }
    const text = [...parts, ctx.config.text].join('+');
    await writeFile(path.join(ctx.artifactDir, 'out.txt'), text);
    return { summary: { length: text.length }, data: { text } };
  },
};

const WaitConfig = z.object({
  steps: z.number().int().positive(),
  failAt: z.number().int().optional(),
  /** Publish the partial result (a train curve with one point per step so far) after each step. */
  publish: z.boolean().default(false),
});

const rate = { k: 1, n: 2, rate: 0.5, lo: 0.09, hi: 0.91 };

/** Counts steps on a timer, reporting progress; stops when aborted; can fail on purpose. */
export const waitKind: CellKindDefinition<z.infer<typeof WaitConfig>, TestServices> = {
  kind: 'wait',
  runnerVersion: '1',
  configSchema: WaitConfig,
  async run(ctx) {
    ctx.services.runs.push(ctx.cell.name);
    for (let step = 1; step <= ctx.config.steps; step++) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      await new Promise((r) => setTimeout(r, 20));
      if (step === ctx.config.failAt) throw new Error(`bridge: training diverged at step ${step}`);
      ctx.progress({ phase: 'train', step, total: ctx.config.steps, loss: 1 / step });
      if (ctx.config.publish) {
        const points = Array.from({ length: step }, (_, i) => ({ step: i + 1, triggered: rate, untriggered: rate, capability: rate }));
        ctx.publish({ kind: 'train', label: ctx.cell.name, runs: [{ seed: 0, points }] });
      }
    }
    return { summary: { steps: ctx.config.steps }, data: { steps: ctx.config.steps } };
  },
};

export const registry = createRegistry<TestServices>([textKind, waitKind]);

let counter = 0;
export function cell(kind: string, name: string, config: Record<string, unknown>, inputs: Cell['inputs'] = {}): Cell {
  counter += 1;
  return { id: `c${counter}-${name}`, kind, name, config, inputs, output: null, metadata: {} };
}
