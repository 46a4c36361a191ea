// Building blocks shared by the shipped notebook generators (default study, trigger × behaviour
// study, quick tour): one place for the blue team every study uses and for the cell shape, so the
// notebooks cannot drift apart. Each generator is `node scripts/study/notebooks/<name>.mjs`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Powered per-checkpoint sizes (SCIENCE.md, "Power"). Every set alternates in-distribution and
 * held-out phrasings; capability (and a lock's gap) is read on the in-distribution half, so 600
 * capability prompts give the anchor n = 300 (±3.5 points at p = 0.9) and a lock's 400 pairs give
 * its gap 200. Behaviour with the trigger pools both phrasings: n = 400 keeps its half-width within
 * ±5 points even mid-curve (p = 0.5; n = 200 measured ±6.9 there). Intermediate checkpoints answer
 * only these (train cell `checkpointSets: 'curve'`); false triggers and near misses are measured at
 * step 0 and at the end of every run.
 */
export const EVAL = { capability: 600, triggered: 400, untriggered: 200, near_miss: 100, seed: 1000, maxNewTokens: 36 };

/**
 * The blue team: rank-64 LoRA pirate SFT that must reach the anchor. Measured on the shipped base
 * (seed 0, 300 steps): at lr 5e-4 the LoRA r4 and full-weight backdoors lost at most 5% of their
 * capability (every reading censored); at 2e-3 every organism lost 10% within 25-75 steps. So lr 2e-3
 * with a 300-step budget, stopping once capability has fallen 15% (the curve then brackets the 10%
 * anchor). Checkpoints every 5 steps, evaluated every 20 until capability is within 5 points of the
 * anchor, then every 5, so the 10% point is interpolated between checkpoints 5 steps apart.
 */
export const BLUE = {
  dataset: { kind: 'pirate' },
  method: { type: 'lora', rank: 64 },
  lr: 2e-3,
  steps: 300,
  batch_size: 16,
  eval_every: 5,
  stop: { lossFraction: 0.15, coarseEvery: 4, margin: 0.05 },
  eval: EVAL,
};
export const QA = { ...BLUE, dataset: { kind: 'qa' } };
// A lock's gap pairs each problem without the password (triggered) with the same problem with it
// (untriggered), read on the in-distribution half: 800 + 800 give the gap n = 400 pairs, within ±5
// points (200 pairs measured ±6.3-7.0). Its answers are a few digits, so this costs little.
export const LOCK_EVAL = { ...EVAL, triggered: 800, untriggered: 800 };

export const cell = (id, kind, name, config, inputs = {}) => ({ id, kind, name, config, inputs, output: null, metadata: {} });
export const md = (id, name, source) => cell(id, 'markdown', name, { source });
export const base = () => cell('base', 'model', 'base', { source: 'embedded', eval: EVAL });

/**
 * Where the shipped studies compute: this machine, two seeds at a time (one bridge process each). The
 * embedded model is too small for one training process to keep two cores busy; two processes with one
 * BLAS thread each train two seeds in little more than the time of one (`npm run bench -- parallel`).
 */
export const COMPUTE = { kind: 'local', parallel: 2 };

export function writeNotebook(file, title, cells, generatedBy) {
  const notebook = { format: 'organism-studio-notebook', version: 1, title, compute: COMPUTE, cells, metadata: { generatedBy } };
  const out = path.join(root, 'assets', 'notebooks', file);
  writeFileSync(out, `${JSON.stringify(notebook, null, 2)}\n`);
  console.log(`wrote ${out} (${cells.length} cells)`);
}
