// The virtual cell list's window: which cells of a long notebook are rendered (near the viewport,
// and the selected one) and the spacers that stand for the rest, so that positions add up.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../../electron/shared/notebook-schema.js';
import { CELL_GAP, COLUMN_PAD_TOP, CellLayout, HEAVY_SOURCE_CHARS, estimateHeight, heightOfRun, isHeavy, visibleRange, windowItems } from '../../../renderer/src/components/cell-window.js';
import { propertyOptions } from '../support/fast-check.js';

const cell = (i: number, source = `## ${i}\n\ntext`): Cell => ({ id: `c${i}`, kind: 'markdown', name: `n${i}`, config: { source }, inputs: {}, output: null, metadata: {} });
const cells = (n: number): Cell[] => Array.from({ length: n }, (_, i) => cell(i));

describe('virtual cell list window', () => {
  it('covers the whole notebook: rendered cells plus spacers add up to every cell and the full height', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.nat(), fc.integer({ min: -1, max: 3000 }), fc.integer({ min: 200, max: 2000 }), (n, scroll, selected, viewport) => {
        const list = cells(n);
        const heights = new Map(list.filter((_, i) => i % 3 === 0).map((c, i) => [c.id, 50 + (i % 7) * 40] as [string, number]));
        const total = COLUMN_PAD_TOP + heightOfRun(list, heights);
        const items = windowItems(list, new CellLayout(list, heights), selected < n ? selected : -1, scroll % total, viewport);
        let index = 0;
        let height = COLUMN_PAD_TOP;
        for (const [k, item] of items.entries()) {
          if (k > 0) height += CELL_GAP;
          if (item.kind === 'cell') {
            expect(item.index).toBe(index);
            height += heights.get(item.cell.id) ?? estimateHeight(item.cell);
            index++;
          } else {
            expect(item.from).toBe(index);
            expect(item.count).toBeGreaterThan(0);
            height += item.height;
            index += item.count;
          }
        }
        expect(index).toBe(n); // every cell is rendered or inside exactly one spacer
        expect(height).toBeCloseTo(total, 6); // so the scroll height is what rendering all would give
        const rendered = items.filter((i) => i.kind === 'cell').map((i) => (i as { index: number }).index);
        if (selected >= 0 && selected < n) expect(rendered).toContain(selected);
        expect(rendered.length).toBeLessThanOrEqual(Math.ceil((3 * viewport) / 24) + 3); // a window, not the notebook
      }),
      propertyOptions(200),
    );
  });

  it('renders the cells that intersect the viewport and one viewport either side', () => {
    const list = cells(1000);
    const layout = new CellLayout(list, new Map(list.map((c) => [c.id, 100])));
    // Cells are 100 px with a 14 px gap after a 20 px pad: cell i spans [20 + 114 i, 120 + 114 i].
    expect(visibleRange(layout, 11_400, 800, 800)).toEqual({ start: 92, end: 114 });
    expect(visibleRange(layout, 0, 800, 800)).toEqual({ start: 0, end: 14 });
    expect(visibleRange(layout, 10_000_000, 800, 800)).toEqual({ start: 1000, end: 1000 });
  });

  it('keeps positions right as measured heights arrive (the layout agrees with summing every cell)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 3000 })), { maxLength: 60 }), (n, updates) => {
        const list = cells(n);
        const heights = new Map<string, number>();
        const layout = new CellLayout(list, heights);
        for (const [at, height] of updates) {
          const index = at % n;
          heights.set(list[index]!.id, height);
          layout.setHeight(layout.indexOf(list[index]!.id), height);
        }
        let top = COLUMN_PAD_TOP;
        for (let index = 0; index < n; index++) {
          expect(layout.top(index)).toBeCloseTo(top, 6);
          expect(layout.cellsStartingBy(top)).toBe(index + 1);
          top += (heights.get(list[index]!.id) ?? estimateHeight(list[index]!)) + CELL_GAP;
        }
        expect(COLUMN_PAD_TOP + layout.runHeight(0, n)).toBeCloseTo(COLUMN_PAD_TOP + heightOfRun(list, heights), 6);
      }),
      propertyOptions(100),
    );
  });

  it('a key press reads the heights of the window, not of every cell (10,000 cells)', () => {
    const list = cells(10_000);
    const layout = new CellLayout(list, new Map());
    let reads = 0;
    const counting = new Proxy(list, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    windowItems(counting, layout, 5000, layout.top(5000) - 400, 860);
    expect(reads).toBeLessThan(200);
  });

  it('treats a huge markdown source as heavy and estimates it without scanning it whole', () => {
    const huge = cell(0, 'line\n'.repeat(HEAVY_SOURCE_CHARS));
    expect(isHeavy(huge)).toBe(true);
    expect(isHeavy(cell(1))).toBe(false);
    expect(estimateHeight(huge)).toBeGreaterThan(estimateHeight(cell(1)));
  });
});
