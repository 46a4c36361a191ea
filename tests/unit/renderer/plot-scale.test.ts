// Presentation mode's plot scaling: larger fonts must not push tick labels into the axis titles.
import { describe, expect, it } from 'vitest';
import { scaleLayout } from '../../../renderer/src/presentation/plot-scale.js';

describe('scaleLayout', () => {
  it('lets every axis grow its margin and keeps its title clear of the ticks, other keys untouched', () => {
    const scaled = scaleLayout({ xaxis: { title: 'capability', autorange: 'reversed' }, yaxis2: { title: { text: 'gap' } }, margin: { l: 60 } });
    expect(scaled['xaxis']).toEqual({ title: { text: 'capability', standoff: 14 }, autorange: 'reversed', automargin: true });
    expect(scaled['yaxis2']).toEqual({ title: { text: 'gap', standoff: 14 }, automargin: true });
    expect(scaled['margin']).toEqual({ l: 60 });
  });
});
