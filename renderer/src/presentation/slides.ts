// How a notebook becomes slides (presentation mode). A markdown cell that opens with a heading
// starts a slide, and the prose after it (markdown without a heading) stays on that slide; every
// other cell is a slide of its own, so a result fills the screen. Empty markdown is skipped.
import type { Cell } from '../../../electron/shared/notebook-schema.js';

export interface Slide {
  /** Ids of the cells shown together, in notebook order. */
  cellIds: string[];
  /** What the slide counter and the outline call it: the heading, or the cell's name. */
  title: string;
}

const HEADING = /^\s*#{1,6}\s+(.+)$/m;

function markdownSource(cell: Cell): string {
  return typeof cell.config['source'] === 'string' ? cell.config['source'] : '';
}

/** The heading a markdown cell opens with (its first non-blank line), or null. */
export function openingHeading(cell: Cell): string | null {
  if (cell.kind !== 'markdown') return null;
  const first = markdownSource(cell).split('\n').find((line) => line.trim() !== '');
  const match = first ? HEADING.exec(first) : null;
  return match ? match[1]!.trim() : null;
}

export function slidesOf(cells: readonly Cell[]): Slide[] {
  const slides: Slide[] = [];
  let prose: Slide | null = null; // the open markdown slide that further prose joins
  for (const cell of cells) {
    if (cell.kind === 'markdown') {
      if (markdownSource(cell).trim() === '') continue;
      const heading = openingHeading(cell);
      if (heading !== null || prose === null) {
        prose = { cellIds: [cell.id], title: heading ?? 'Notes' };
        slides.push(prose);
      } else {
        prose.cellIds.push(cell.id);
      }
      continue;
    }
    prose = null;
    slides.push({ cellIds: [cell.id], title: cell.name });
  }
  return slides;
}

/** The slide holding `cellId` (to start presenting where the user is), or 0. */
export function slideIndexOf(slides: readonly Slide[], cellId: string | null): number {
  if (cellId === null) return 0;
  const index = slides.findIndex((slide) => slide.cellIds.includes(cellId));
  return index < 0 ? 0 : index;
}
