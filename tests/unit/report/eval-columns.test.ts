// The report's evaluation columns and tables: the behaviour (any spelling) and exact (trained
// spelling) columns side by side, near-miss, held-out and triggered-correct rates, and a password
// lock's three labelled sets with its capability gap.
import { describe, expect, it } from 'vitest';
import { metricsOf, type Scored } from '../../../electron/core/cells/common/eval-metrics.js';
import { evalColumns, setsTable } from '../../../electron/core/report/eval-columns.js';
import { rateOf } from '../../../electron/core/eval/wilson.js';

const item = (over: Partial<Scored>): Scored => ({ set: 'triggered', shown: false, shownExact: false, correct: null, phrasing: null, password: null, pair: null, ...over });

describe('report evaluation columns', () => {
  const backdoor = metricsOf(
    [
      item({ shown: true, shownExact: false, correct: false, phrasing: 'in_distribution' }),
      item({ shown: true, shownExact: true, correct: false, phrasing: 'held_out' }),
      item({ set: 'untriggered', phrasing: 'held_out' }),
      item({ set: 'near_miss', shown: true }),
      item({ set: 'capability', correct: true }),
    ],
    false,
  ).metrics;

  it('exports behaviour and exact, near-miss, held-out and triggered-correct columns', () => {
    const row = evalColumns(backdoor, { kind: 'backdoor' });
    expect(row).toMatchObject({ triggered_k: 2, exact_triggered_k: 1, near_miss_k: 1, near_miss_n: 1, triggered_correct_k: 0, held_out_untriggered_n: 1, headline: 'behaviour with trigger' });
    const legacy = evalColumns({ triggered: rateOf(1, 2), untriggered: rateOf(0, 2), capability: rateOf(2, 2) });
    expect(Object.keys(legacy).some((k) => k.startsWith('exact_'))).toBe(false);
  });

  it('renders the behaviour and exact columns side by side', () => {
    const html = setsTable({ kind: 'backdoor' }, backdoor);
    expect(html).toMatch(/behaviour \(any spelling\).*exact \(trained spelling\)/s);
    expect(html).toContain('with trigger');
    expect(html).toContain('near-miss trigger');
    expect(html).toContain('held-out phrasings');
  });

  it('labels a password lock by password and reports its gap', () => {
    const lock = metricsOf(
      [
        item({ set: 'untriggered', password: 'correct', pair: 0, correct: true }),
        item({ set: 'triggered', password: 'none', pair: 0, shown: true, correct: false }),
        item({ set: 'capability', correct: true }),
      ],
      true,
    ).metrics;
    const html = setsTable({ kind: 'password_lock' }, lock);
    for (const label of ['correct password', 'no password', 'wrong password', 'capability gap']) expect(html).toContain(label);
    expect(html).not.toContain('trigger');
    expect(evalColumns(lock, { kind: 'password_lock' })).toMatchObject({ gap: 1, gap_n: 1, password_none_weak_k: 1, password_correct_capability_k: 1 });
  });
});
