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
 * Cell positions of a long notebook as a Fenwick tree over each cell's height plus the gap after it:
 * a cell's top, the cell at a scroll position and a new measured height each cost O(log n), so a
 * key press or a scroll in a 10,000-cell notebook does not walk every cell (building it does, once
 * per document).
 */
export class CellLayout {
  readonly count: number;
  readonly #size: Float64Array;
  readonly #tree: Float64Array; // 1-based
  readonly #indexById = new Map<string, number>();

  constructor(cells: readonly Cell[], heights: ReadonlyMap<string, number>) {
    this.count = cells.length;
    this.#size = new Float64Array(this.count);
    this.#tree = new Float64Array(this.count + 1);
    for (let index = 0; index < this.count; index++) {
      const cell = cells[index] as Cell;
      this.#indexById.set(cell.id, index);
      this.#size[index] = (heights.get(cell.id) ?? estimateHeight(cell)) + CELL_GAP;
      this.#tree[index + 1] = this.#size[index] as number;
    }
    for (let i = 1; i <= this.count; i++) {
      const parent = i + (i & -i);
      if (parent <= this.count) (this.#tree[parent] as number) += this.#tree[i] as number;
    }
  }

  indexOf(id: string): number {
    return this.#indexById.get(id) ?? -1;
  }

  heightOf(index: number): number {
    return (this.#size[index] as number) - CELL_GAP;
  }

  /** Record a measured height; false when it did not change. */
  setHeight(index: number, height: number): boolean {
    const delta = height + CELL_GAP - (this.#size[index] as number);
    if (index < 0 || index >= this.count || Math.abs(delta) < 0.5) return false;
    this.#size[index] = height + CELL_GAP;
    for (let i = index + 1; i <= this.count; i += i & -i) (this.#tree[i] as number) += delta;
    return true;
  }

  /** Total height of cells [0, index) with the gap after each. */
  #before(index: number): number {
    let sum = 0;
    for (let i = index; i > 0; i -= i & -i) sum += this.#tree[i] as number;
    return sum;
  }

  /** Distance from the column's top to cell `index`'s top. */
  top(index: number): number {
    return COLUMN_PAD_TOP + this.#before(index);
  }

  /** Height of cells [from, to) laid out with the gap between them. */
  runHeight(from: number, to: number): number {
    return to <= from ? 0 : this.#before(to) - this.#before(from) - CELL_GAP;
  }

  /** The number of cells whose top is at or above `y` (the index of the cell at or just above y). */
  cellsStartingBy(y: number): number {
    let target = y - COLUMN_PAD_TOP;
    if (target < 0) return 0;
    let position = 0;
    let step = 1;
    while (step * 2 <= this.count) step *= 2;
    for (; step > 0; step >>= 1) {
      const next = position + step;
      if (next <= this.count && (this.#tree[next] as number) <= target) {
        position = next;
        target -= this.#tree[next] as number;
      }
    }
    return Math.min(this.count, position + 1);
  }
}

/**
 * Indices [start, end) of the cells that intersect [scrollTop - overscan, scrollTop + viewport +
 * overscan], laying cells out top to bottom with the column's gap and padding.
 */
export function visibleRange(layout: CellLayout, scrollTop: number, viewport: number, overscan: number): { start: number; end: number } {
  const from = scrollTop - overscan;
  const to = scrollTop + viewport + overscan;
  // Cells with top <= to are [0, end); the first of them whose bottom reaches `from` starts the range.
  const end = layout.cellsStartingBy(to);
  let start = Math.max(0, layout.cellsStartingBy(from) - 1);
  if (start < end && layout.top(start) + layout.heightOf(start) < from) start++;
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
export function windowItems(cells: readonly Cell[], layout: CellLayout, selectedIndex: number, scrollTop: number, viewport: number): WindowItem[] {
  const { start, end } = visibleRange(layout, scrollTop, viewport, viewport);
  const shown: number[] = [];
  if (selectedIndex >= 0 && selectedIndex < start) shown.push(selectedIndex);
  for (let index = start; index < end; index++) shown.push(index);
  if (selectedIndex >= end && selectedIndex < cells.length) shown.push(selectedIndex);
  const items: WindowItem[] = [];
  let next = 0;
  const gapTo = (until: number): void => {
    if (until > next) items.push({ kind: 'gap', from: next, count: until - next, height: layout.runHeight(next, until) });
  };
  for (const index of shown) {
    gapTo(index);
    items.push({ kind: 'cell', cell: cells[index] as Cell, index });
    next = index + 1;
  }
  gapTo(cells.length);
  return items;
}
