// Presentation mode's slides: a heading starts a slide and the prose after it joins it; every
// other cell is a slide; empty markdown is skipped; presenting starts at the selected cell's slide.
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../../electron/shared/notebook-schema.js';
import { openingHeading, slideIndexOf, slidesOf } from '../../../renderer/src/presentation/slides.js';

const md = (id: string, source: string): Cell => ({ id, kind: 'markdown', name: id, config: { source }, inputs: {}, output: null, metadata: {} });
const run = (id: string, kind = 'train'): Cell => ({ id, kind, name: id, config: {}, inputs: {}, output: null, metadata: {} });

describe('slidesOf', () => {
  it('splits at headings, keeps prose with its heading and gives each result its own slide', () => {
    const cells = [md('intro', '# Study\n\nWhy.'), md('more', 'More prose.'), run('base', 'model'), md('h2', '\n## Results\ntext'), run('plot', 'plot'), md('blank', '  '), md('after', 'A closing note.')];
    expect(slidesOf(cells)).toEqual([
      { cellIds: ['intro', 'more'], title: 'Study' },
      { cellIds: ['base'], title: 'base' },
      { cellIds: ['h2'], title: 'Results' },
      { cellIds: ['plot'], title: 'plot' },
      { cellIds: ['after'], title: 'Notes' },
    ]);
  });

  it('reads a heading only at the start of a markdown cell', () => {
    expect(openingHeading(md('a', 'text\n# later'))).toBeNull();
    expect(openingHeading(md('a', '### Deep  '))).toBe('Deep');
    expect(openingHeading(md('a', '#hashtag'))).toBeNull();
    expect(openingHeading(run('t'))).toBeNull();
  });

  it('starts at the slide holding the selected cell', () => {
    const slides = slidesOf([md('intro', '# A'), md('p', 'prose'), run('t')]);
    expect(slideIndexOf(slides, 'p')).toBe(0);
    expect(slideIndexOf(slides, 't')).toBe(1);
    expect(slideIndexOf(slides, 'gone')).toBe(0);
    expect(slideIndexOf(slides, null)).toBe(0);
  });
});
