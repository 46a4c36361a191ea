// Turn the text of a `.organism.json` file into a validated Notebook, or an error that names the
// bad field, the line it is on, and what to do about it.
import type { Notebook } from '../../shared/notebook-schema.js';
import { JsonNestingError, JsonSyntaxError, locate, mapJsonPositions, type JsonPath, type TextPosition } from './json-positions.js';
import { MAX_NESTING, checkNotebook } from './validate-notebook.js';

export class NotebookFormatError extends Error {
  readonly code = 'notebook-invalid';
  constructor(
    readonly source: string,
    readonly field: string | null,
    readonly position: TextPosition | null,
    readonly problem: string,
  ) {
    const where = position ? `${source}:${position.line}:${position.column}` : source;
    super(`${where}: ${field ? `${field}: ` : ''}${problem}`);
    this.name = 'NotebookFormatError';
  }
}

export function parseNotebookText(text: string, source: string): Notebook {
  // A byte-order mark (Windows editors add one) is not part of the JSON.
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let raw: unknown;
  try {
    raw = JSON.parse(json); // iterative in V8: any depth parses; the checks below bound it
  } catch {
    // JSON.parse failed: the scanner finds the same error and knows its line and column.
    try {
      mapJsonPositions(json, MAX_NESTING);
    } catch (error) {
      if (error instanceof JsonSyntaxError) {
        throw new NotebookFormatError(source, null, error.position, `not valid JSON: ${error.detail}. Fix the JSON syntax there (or restore a backup).`);
      }
      if (error instanceof JsonNestingError) throw new NotebookFormatError(source, null, error.position, `${error.message}; flatten this value.`);
      throw error;
    }
    throw new NotebookFormatError(source, null, null, 'not valid JSON. Fix the JSON syntax (or restore a backup).');
  }
  const checked = checkNotebook(raw);
  if (checked.ok) return checked.notebook;
  const { path, field, problem } = checked.problem;
  throw new NotebookFormatError(source, field, positionIn(json, path), `${problem}. ${path.length === 0 ? 'Fix the file.' : 'Correct this field in the file.'}`);
}

/** Line and column of `path` in the text (the nearest enclosing value that exists). */
function positionIn(text: string, path: JsonPath): TextPosition | null {
  try {
    return locate(mapJsonPositions(text, MAX_NESTING), path) ?? null;
  } catch (error) {
    // Too deep to map: the scan stopped where the nesting exceeded the limit, which is the place.
    if (error instanceof JsonNestingError) return error.position;
    return null;
  }
}

/** The canonical text of a notebook file: 2-space JSON with a final newline (diff-friendly). */
export function serializeNotebook(notebook: Notebook): string {
  return `${JSON.stringify(notebook, null, 2)}\n`;
}
