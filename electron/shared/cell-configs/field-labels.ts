// The names a researcher sees for config fields: the forms' labels, the Advanced disclosure's rows and
// every refusal ("Steps must be a whole number ≥ 1", never "steps: Too small"). One table, so a field
// is called the same everywhere. Paths are dotted config paths; list items share their list's label.

/** Fields with the same meaning in every cell that has them. */
const COMMON: Record<string, string> = {
  label: 'Label',
  steps: 'Steps',
  seed: 'Seed',
  seeds: 'Seeds',
  lr: 'Learning rate',
  batch_size: 'Batch size',
  weight_decay: 'Weight decay',
  warmup_steps: 'Warm-up steps',
  maxNewTokens: 'Tokens per answer',
  method: 'Method',
  'method.type': 'Method',
  'method.rank': 'Rank',
  'method.alpha': 'Alpha',
  'method.dropout': 'LoRA dropout',
  'method.targets': 'LoRA targets',
  eval: 'Evaluation prompts',
  'eval.capability': 'Capability prompts',
  'eval.triggered': 'Triggered prompts',
  'eval.untriggered': 'Untriggered prompts',
  'eval.near_miss': 'Near-miss prompts',
  'eval.seed': 'Evaluation seed',
  'eval.maxNewTokens': 'Tokens per evaluated answer',
  against: 'Base models scored against',
  'against.trigger': 'Trigger (base models)',
  'against.behaviour': 'Behaviour (base models)',
};

const BY_KIND: Record<string, Record<string, string>> = {
  model: { source: 'Model', path: 'Directory' },
  organism: {
    kind: 'Organism',
    trigger: 'Trigger',
    trigger_text: 'Trigger text',
    trigger_position: 'Position',
    behaviour: 'Behaviour',
    behaviour_text: 'Response text',
    triggered_fraction: 'Triggered fraction',
    password: 'Password',
    password_fraction: 'Share of data with the password',
    system_prompt: 'System prompt',
    validation: 'Validation thresholds',
    'validation.minTriggered': 'Minimum behaviour rate with the trigger',
    'validation.maxUntriggered': 'Maximum false-trigger rate',
    'validation.minCapabilityRatio': 'Minimum kept capability',
    'validation.maxHeldOutUntriggered': 'Maximum false-trigger rate on held-out phrasings',
    'validation.maxNearMiss': 'Maximum near-miss rate',
  },
  train: {
    dataset: 'Data',
    'dataset.kind': 'Data',
    'dataset.path': 'Data file',
    seeds: 'Organism seeds',
    eval_every: 'Evaluate every (steps)',
    lossFraction: 'Reading at capability loss',
    stop: 'Stop rule',
    'stop.lossFraction': 'Stop at capability loss',
    'stop.maxSteps': 'Step budget',
    'stop.coarseEvery': 'Coarse evaluation every (checkpoints)',
    'stop.margin': 'Dense-evaluation margin',
    keepCheckpoints: 'Keep every checkpoint',
  },
  evaluate: { perplexity: 'Perplexity' },
  plot: { type: 'Plot', title: 'Title' },
  sample: {
    prompt: 'Prompt',
    prompts: 'Prompts',
    fromValidation: 'Validation prompts',
    control: 'Base model with trigger (control)',
    withTrigger: 'Also with the trigger',
    wrongPassword: 'Wrong password',
    maxNewTokens: 'Max new tokens',
    temperature: 'Temperature',
    topK: 'Top-k',
    topP: 'Top-p',
    seed: 'Sampling seed',
    samples: 'Samples per model',
  },
  summary: { title: 'Title', findings: 'Findings', bootstrap: 'Bootstrap', 'bootstrap.nBoot': 'Bootstrap replicates', 'bootstrap.seed': 'Bootstrap seed' },
  diagnostics: {
    sizes: 'Prompts per diagnostic',
    'sizes.text': 'Perplexity texts',
    'sizes.instructions': 'Instruction prompts',
    'sizes.chat': 'Chat prompts',
    'sizes.arithmetic': 'Arithmetic prompts',
    seed: 'Prompt seed',
    leakage: 'Leakage check',
    'leakage.ngram': 'Leakage n-gram length',
    'leakage.minShared': 'Shared n-grams that count as a leak',
    'leakage.completions': 'Training completions compared',
    replicates: 'Bootstrap replicates',
  },
  detection: {
    prompts: 'Prompts per candidate',
    promptSeed: 'Prompt seed',
    answerTokens: 'Answer tokens compared',
    candidates: 'Your candidate triggers',
    candidatePosition: 'Candidate position',
    nearMisses: 'Near-miss candidates',
    randomCandidates: 'Random candidates',
    'scan.margin': 'Scan margin',
    'methods.scan': 'Trigger scan',
    'methods.probe': 'Activation probe',
    'probe.folds': 'Probe folds',
    'probe.c': 'Probe regularisation C',
    'probe.candidates': 'Probe candidates',
    'probe.margin': 'Probe margin',
    controls: 'Clean controls',
    'controls.seeds': 'Control seeds',
    'controls.steps': 'Control steps',
    'controls.method': 'Control method',
    'controls.method.rank': 'Control rank',
    'controls.batch_size': 'Control batch size',
    'controls.lr': 'Control learning rate',
    'controls.warmup_steps': 'Control warm-up steps',
    bootstrap: 'Bootstrap replicates',
  },
};

/** "maxNewTokens" → "Max new tokens", "near_miss" → "Near miss": a readable name for an unlisted key. */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The label of the config field at `path` in a cell of `kind`. List indices are dropped (a seed in
 * Seeds is "Seeds"); an unlisted path is its last key, humanized, after its parent's label.
 */
export function fieldLabel(kind: string, path: ReadonlyArray<string | number>): string {
  const keys = path.filter((p): p is string => typeof p === 'string');
  if (keys.length === 0) return 'The config';
  const dotted = keys.join('.');
  const own = BY_KIND[kind]?.[dotted] ?? COMMON[dotted];
  if (own) return own;
  const last = humanizeKey(keys[keys.length - 1]!);
  if (keys.length === 1) return last;
  const parent = fieldLabel(kind, keys.slice(0, -1));
  return `${parent}: ${last.charAt(0).toLowerCase()}${last.slice(1)}`;
}
