// The sample cell says when a prompt gives an organism's behaviour nothing to fire on: an
// arithmetic behaviour (a password lock's weak answer, a wrong number) on a prompt with no problem.
import { describe, expect, it } from 'vitest';
import { doesNotFireNote } from '../../../electron/core/cells/sample/sample-cell.js';

describe('doesNotFireNote', () => {
  it('names the organism and the fix when an arithmetic behaviour meets a prompt without a problem', () => {
    const note = doesNotFireNote({ type: 'weak_answer' }, 'Write a line of a story.', 'lock (seed 0)');
    expect(note).toMatch(/^lock \(seed 0\)'s behaviour is about arithmetic/);
    expect(note).toMatch(/What is 23\+19\?/);
  });
  it('says nothing when the prompt has a problem, the behaviour is not arithmetic, or there is no organism', () => {
    expect(doesNotFireNote({ type: 'wrong_number' }, 'What is 12+30?', 'x')).toBeNull();
    expect(doesNotFireNote({ type: 'word_ratio', words: ['hate'], min_ratio: 0.5 }, 'Write a poem.', 'x')).toBeNull();
    expect(doesNotFireNote(null, 'Write a poem.', 'base')).toBeNull();
  });
});
