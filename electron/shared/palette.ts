// Series colours shared by the finished plotly figures (core) and the live SVG charts (renderer), so a
// seed or organism keeps its colour from the streaming curve to the final figure.
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;

export function seriesColour(index: number): string {
  return PALETTE[index % PALETTE.length] as string;
}
