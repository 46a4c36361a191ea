// Cutting a long markdown source into pieces that render on their own (the preview of a huge
// markdown cell and its "show all"): pieces cover the source exactly, stay under the size, and cut
// between blocks when the source has block boundaries, never inside a short fenced code block.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutAt, pieces } from '../../../renderer/src/lib/markdown-chunks.js';
import { propertyOptions } from '../support/fast-check.js';

const block = fc.oneof(
  fc.string({ minLength: 1, maxLength: 300 }).map((text) => text.replace(/\n/g, ' ')),
  fc.string({ maxLength: 200 }).map((code) => '```\n' + code.replace(/```|~~~/g, '') + '\n\n' + code.replace(/```|~~~/g, '') + '\n```'),
  fc.array(fc.string({ maxLength: 40 }).map((item) => `- ${item.replace(/\n/g, ' ')}`), { minLength: 1, maxLength: 8 }).map((items) => items.join('\n')),
);

describe('markdown pieces', () => {
  it('cover the source exactly, each at most the size asked for', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 5000 }), fc.integer({ min: 8, max: 2000 }), (source, max) => {
        let joined = '';
        let from = 0;
        for (const piece of pieces(source, 0, max)) {
          expect(piece.start).toBe(from);
          expect(piece.end).toBeGreaterThan(piece.start);
          expect(piece.end - piece.start).toBeLessThanOrEqual(max);
          joined += source.slice(piece.start, piece.end);
          from = piece.end;
        }
        expect(joined).toBe(source);
      }),
      propertyOptions(300),
    );
  });

  it('cut between blocks, never inside a fenced code block shorter than half a piece', () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 60 }), (blocks) => {
        const source = blocks.join('\n\n');
        const max = 2000;
        for (const { start, end } of pieces(source, 0, max)) {
          if (end === source.length) continue;
          // The text before the cut closes every fence it opens.
          const fences = source.slice(0, end).split('\n').filter((line) => line === '```').length;
          expect(fences % 2, `cut at ${end} inside a fence`).toBe(0);
          expect(source.slice(start, end).endsWith('\n'), `cut at ${end} is not at a line end`).toBe(true);
        }
      }),
      propertyOptions(200),
    );
  });

  it('cuts a source with no line ends at a space, and a huge line without scanning past the piece', () => {
    const words = 'The organism keeps its backdoor. '.repeat(10_000);
    const end = cutAt(words, 0, 1000);
    expect(end).toBeLessThanOrEqual(1000);
    expect(words[end - 1]).toBe(' ');
    const noSpaces = 'x'.repeat(5000);
    expect(cutAt(noSpaces, 100, 1000)).toBe(1100);
  });
});
