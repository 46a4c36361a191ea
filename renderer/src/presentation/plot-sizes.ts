// Plot sizes on a slide (1280x720 seen from the back of a room); plain constants, so plot-scale.ts
// stays free of Svelte runes and unit-testable.
export const PRESENTING_PLOT = { fontSize: 17, markerScale: 1.5, lineScale: 1.4 } as const;
