// Where to cut a long markdown source so each piece renders on its own in bounded time. A markdown
// cell of several MB took tens of seconds in one markdown-it + DOMPurify + layout pass, freezing the
// page; cut into pieces, the preview shows the first piece at once and the rest only on request,
// a few pieces per task (MarkdownCell.svelte). Cuts go where markdown's meaning does not cross them
// when possible: a blank line outside a fenced code block, else a line end, else a space.

/**
 * Characters rendered before a cell offers "show all" (a few screens of text), and per piece when
 * showing all. 64,000 took ~300 ms to render on loaded cores, blocking the page after first paint.
 */
export const PREVIEW_CHARS = 16_000;

/** Fence opener or closer: up to three spaces, then ``` or ~~~ (three or more). */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * End (exclusive) of the piece of `source` that starts at `start` and is at most `maxChars` long.
 * Prefers the last blank line outside a fenced code block, then the last line end, then the last
 * space, in the second half of the window (so pieces are not tiny); a hard cut otherwise.
 */
export function cutAt(source: string, start: number, maxChars: number): number {
  if (start + maxChars >= source.length) return source.length;
  // Search a copy of the window only: indexOf on the whole source would scan a 50 MB line per piece.
  const window = source.slice(start, start + maxChars);
  const floor = Math.floor(maxChars / 2);
  let fence: string | null = null;
  let blankCut = -1;
  let lineCut = -1;
  for (let lineStart = 0, lineEnd = window.indexOf('\n'); lineEnd >= 0; lineStart = lineEnd + 1, lineEnd = window.indexOf('\n', lineStart)) {
    const head = window.slice(lineStart, Math.min(lineEnd, lineStart + 80));
    const marker = FENCE.exec(head)?.[1];
    if (marker !== undefined) {
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length && head.trim() === marker) fence = null;
      continue;
    }
    if (fence !== null || lineEnd + 1 < floor) continue;
    // A blank line outside a fence: nothing above it continues below it.
    if (head.trim() === '' && lineEnd - lineStart < 80) blankCut = lineEnd + 1;
    lineCut = lineEnd + 1;
  }
  if (blankCut > 0) return start + blankCut;
  if (lineCut > 0) return start + lineCut;
  const space = window.lastIndexOf(' ');
  return start + (space >= floor ? space + 1 : maxChars);
}

/** The pieces [start, end) of `source` from `from` on, each at most `maxChars` long. */
export function* pieces(source: string, from: number, maxChars: number): Generator<{ start: number; end: number }> {
  for (let start = from; start < source.length; ) {
    const end = cutAt(source, start, maxChars);
    yield { start, end };
    start = end;
  }
}
