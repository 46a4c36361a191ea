// Turn the text of a `.organism.json` file into a validated Notebook, or an error that names the
// bad field, the line it is on, and what to do about it.
import { z } from 'zod';
import { NOTEBOOK_FORMAT, NOTEBOOK_VERSION, NotebookSchema, type Notebook } from '../../shared/notebook-schema.js';
import { JsonSyntaxError, formatPath, locate, mapJsonPositions, type JsonPath, type TextPosition } from './json-positions.js';

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
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // JSON.parse failed: the scanner finds the same error and knows its line and column.
    try {
      mapJsonPositions(text);
    } catch (error) {
      if (error instanceof JsonSyntaxError) {
        throw new NotebookFormatError(source, null, error.position, `not valid JSON: ${error.detail}. Fix the JSON syntax there (or restore a backup).`);
      }
      throw error;
    }
    throw new NotebookFormatError(source, null, null, 'not valid JSON. Fix the JSON syntax (or restore a backup).');
  }
  const positionsOf = lazy(() => mapJsonPositions(text));

  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new NotebookFormatError(source, null, { line: 1, column: 1 }, 'a notebook file must be a JSON object with "format", "version" and "cells".');
  }
  const format = (raw as Record<string, unknown>)['format'];
  if (format !== NOTEBOOK_FORMAT) {
    throw new NotebookFormatError(
      source,
      'format',
      locate(positionsOf(), ['format']) ?? null,
      `expected "${NOTEBOOK_FORMAT}" but found ${JSON.stringify(format)}: this is not an Organism Studio notebook (files end in .organism.json).`,
    );
  }
  const version = (raw as Record<string, unknown>)['version'];
  if (typeof version === 'number' && version > NOTEBOOK_VERSION) {
    throw new NotebookFormatError(
      source,
      'version',
      locate(positionsOf(), ['version']) ?? null,
      `version ${version} was written by a newer Organism Studio (this one reads up to version ${NOTEBOOK_VERSION}); update the app to open it.`,
    );
  }

  const parsed = NotebookSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error);
    throw new NotebookFormatError(source, formatPath(issue.path), locate(positionsOf(), issue.path) ?? null, `${issue.message}. Correct this field in the file.`);
  }
  checkUniqueCells(parsed.data, source, positionsOf);
  return parsed.data;
}

function firstIssue(error: z.ZodError): { path: JsonPath; message: string } {
  const issue = error.issues[0];
  if (!issue) return { path: [], message: 'invalid notebook' };
  const path = issue.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
  return { path, message: issue.message };
}

/** Cell ids and names must be unique: ids identify cells, names wire the DAG. */
function checkUniqueCells(notebook: Notebook, source: string, positionsOf: () => Map<string, TextPosition>): void {
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  notebook.cells.forEach((cell, index) => {
    const firstId = ids.get(cell.id);
    if (firstId !== undefined) {
      throw new NotebookFormatError(source, `cells[${index}].id`, locate(positionsOf(), ['cells', index, 'id']) ?? null, `duplicate cell id "${cell.id}" (also used by cells[${firstId}]); give each cell its own id.`);
    }
    ids.set(cell.id, index);
    const firstName = names.get(cell.name);
    if (firstName !== undefined) {
      throw new NotebookFormatError(source, `cells[${index}].name`, locate(positionsOf(), ['cells', index, 'name']) ?? null, `duplicate cell name "${cell.name}" (also used by cells[${firstName}]); cell names must be unique because inputs refer to them.`);
    }
    names.set(cell.name, index);
  });
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

/** The canonical text of a notebook file: 2-space JSON with a final newline (diff-friendly). */
export function serializeNotebook(notebook: Notebook): string {
  return `${JSON.stringify(notebook, null, 2)}\n`;
}
