// Which cells of a long notebook get their full component: those near the viewport (plus the
// selected one). The others are empty boxes of their measured or estimated height, so the scroll
// height, every cell's position and the DOM's list of cells stay as if all were rendered, while a
// 10,000-cell notebook mounts a few dozen components instead of ten thousand.
import type { Cell } from '../../../electron/shared/notebook-schema.js';

/**
 * Notebooks up to this size render every cell (CSS content-visibility keeps that cheap, and the
 * browser's find-in-page then sees all of them); beyond it, only the window does.
 */
export const VIRTUALIZE_ABOVE = 1000;
/** A markdown source this long renders after the first paint, not before it. */
export const HEAVY_SOURCE_CHARS = 200_000;
/** Gap between cells (NotebookView's .column gap) and the column's top padding, in px. */
export const CELL_GAP = 14;
export const COLUMN_PAD_TOP = 20;

const estimates = new WeakMap<Cell, number>();

/** Height a cell will probably take before it has been measured (cached per cell object). */
export function estimateHeight(cell: Cell): number {
  let height = estimates.get(cell);
  if (height !== undefined) return height;
  if (cell.kind === 'markdown') {
    const source = markdownSource(cell);
    // Count lines in at most the first 200,000 characters: a 50 MB source is not scanned whole.
    const sample = source.length > HEAVY_SOURCE_CHARS ? source.slice(0, HEAVY_SOURCE_CHARS) : source;
    let lines = 1;
    for (let i = sample.indexOf('\n'); i >= 0; i = sample.indexOf('\n', i + 1)) lines++;
    lines = Math.round(lines * (source.length / Math.max(1, sample.length)));
    height = 24 + Math.min(lines, 2000) * 22;
  } else {
    height = 260;
  }
  estimates.set(cell, height);
  return height;
}

export function isHeavy(cell: Cell): boolean {
  return cell.kind === 'markdown' && markdownSource(cell).length > HEAVY_SOURCE_CHARS;
}

function markdownSource(cell: Cell): string {
  const source = cell.config['source'] ?? cell.config['text'] ?? '';
  return typeof source === 'string' ? source : '';
}

/**
 * Indices [start, end) of the cells that intersect [scrollTop - overscan, scrollTop + viewport +
 * overscan], laying cells out top to bottom with `heightOf` and the column's gap and padding.
 */
export function visibleRange(count: number, heightOf: (index: number) => number, scrollTop: number, viewport: number, overscan: number): { start: number; end: number } {
  const from = scrollTop - overscan;
  const to = scrollTop + viewport + overscan;
  let top = COLUMN_PAD_TOP;
  let start = count;
  let end = count;
  for (let index = 0; index < count; index++) {
    const bottom = top + heightOf(index);
    if (start === count && bottom >= from) start = index;
    if (top > to) {
      end = index;
      break;
    }
    top = bottom + CELL_GAP;
  }
  return { start: Math.min(start, end), end };
}

/** A rendered cell, or a run of cells that are not rendered (one spacer of their total height). */
export type WindowItem = { kind: 'cell'; cell: Cell; index: number } | { kind: 'gap'; from: number; count: number; height: number };

/** Height of consecutive cells laid out with the column's gap between them. */
export function heightOfRun(cells: readonly Cell[], heights: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const cell of cells) total += heights.get(cell.id) ?? estimateHeight(cell);
  return total + Math.max(0, cells.length - 1) * CELL_GAP;
}

/** The cells to render (near the viewport, and the selected one) with spacers for the rest. */
export function windowItems(cells: readonly Cell[], heights: ReadonlyMap<string, number>, selectedIndex: number, scrollTop: number, viewport: number): WindowItem[] {
  const heightOf = (index: number): number => {
    const cell = cells[index] as Cell;
    return heights.get(cell.id) ?? estimateHeight(cell);
  };
  const { start, end } = visibleRange(cells.length, heightOf, scrollTop, viewport, viewport);
  const shown: number[] = [];
  if (selectedIndex >= 0 && selectedIndex < start) shown.push(selectedIndex);
  for (let index = start; index < end; index++) shown.push(index);
  if (selectedIndex >= end && selectedIndex < cells.length) shown.push(selectedIndex);
  const items: WindowItem[] = [];
  let next = 0;
  const gapTo = (until: number): void => {
    if (until <= next) return;
    let height = (until - next - 1) * CELL_GAP;
    for (let index = next; index < until; index++) height += heightOf(index);
    items.push({ kind: 'gap', from: next, count: until - next, height });
  };
  for (const index of shown) {
    gapTo(index);
    items.push({ kind: 'cell', cell: cells[index] as Cell, index });
    next = index + 1;
  }
  gapTo(cells.length);
  return items;
}
