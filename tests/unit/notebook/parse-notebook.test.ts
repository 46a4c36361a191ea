import { describe, expect, it } from 'vitest';
import { NotebookFormatError, parseNotebookText, serializeNotebook } from '../../../electron/core/notebook/parse-notebook.js';
import { notebookWith } from './support/notebooks.js';

function parseError(text: string): NotebookFormatError {
  try {
    parseNotebookText(text, 'study.organism.json');
  } catch (error) {
    if (error instanceof NotebookFormatError) return error;
    throw error;
  }
  throw new Error('expected the notebook to be rejected');
}

describe('parseNotebookText', () => {
  it('round-trips a notebook through its canonical text', () => {
    const notebook = notebookWith(4);
    const text = serializeNotebook(notebook);
    expect(parseNotebookText(text, 'x')).toEqual(notebook);
    expect(serializeNotebook(parseNotebookText(text, 'x'))).toBe(text);
  });

  it('keeps fields it does not know at every level', () => {
    const raw = {
      ...notebookWith(2),
      futureTopLevel: { nested: [1, 2] },
      cells: notebookWith(2).cells.map((cell, i) => ({
        ...cell,
        futureCellField: `kept-${i}`,
        output: i === 1 ? { status: 'done', hash: 'abc', futureOutputField: true } : null,
      })),
    };
    const parsed = parseNotebookText(JSON.stringify(raw), 'x');
    const again = JSON.parse(serializeNotebook(parsed)) as typeof raw;
    expect(again.futureTopLevel).toEqual({ nested: [1, 2] });
    expect(again.cells.map((c) => c.futureCellField)).toEqual(['kept-0', 'kept-1']);
    expect(again.cells[1]?.output).toEqual({ status: 'done', hash: 'abc', futureOutputField: true });
  });

  it('fills defaults for optional fields', () => {
    const parsed = parseNotebookText(JSON.stringify({ format: 'organism-studio-notebook', version: 1, cells: [{ id: 'a', kind: 'markdown', name: 'n', config: {} }] }), 'x');
    expect(parsed.title).toBe('Untitled study');
    expect(parsed.cells[0]).toMatchObject({ inputs: {}, output: null, metadata: {} });
  });

  it('reports a JSON syntax error with its line and column', () => {
    const lines = serializeNotebook(notebookWith(3)).split('\n');
    const broken = lines.findIndex((l) => l.includes('"name": "step_1"'));
    lines[broken] = lines[broken]!.replace('"step_1",', '"step_1"'); // missing comma
    const error = parseError(lines.join('\n'));
    expect(error.position?.line).toBe(broken + 2); // the next property is where the parser stops
    expect(error.message).toMatch(/^study\.organism\.json:\d+:\d+: not valid JSON: expected ',' or '}'/);
  });

  it('names the bad field and the line where its value starts', () => {
    const notebook = notebookWith(5);
    const text = serializeNotebook(notebook).replace('"name": "step_3"', '"name": 42');
    const line = text.split('\n').findIndex((l) => l.includes('"name": 42')) + 1;
    const error = parseError(text);
    expect(error.field).toBe('cells[3].name');
    expect(error.position?.line).toBe(line);
    expect(error.message).toContain(`study.organism.json:${line}:`);
    expect(error.message).toMatch(/cells\[3\]\.name: .*expected string/i);
  });

  it('points a missing required field at the object that lacks it', () => {
    const text = serializeNotebook(notebookWith(3)).replace('"kind": "train",\n', '');
    const error = parseError(text);
    expect(error.field).toBe('cells[1].kind');
    const cellLine = text.split('\n').findIndex((l) => l.includes('"id": "cell1"')); // the "{" is on the line before
    expect(error.position?.line).toBe(cellLine);
  });

  it('rejects files that are not notebooks, and newer versions, with the fix', () => {
    expect(parseError('{"format": "something-else", "version": 1, "cells": []}').message).toMatch(/format: expected "organism-studio-notebook".*not an Organism Studio notebook/);
    expect(parseError('{"format": "organism-studio-notebook", "version": 7, "cells": []}').message).toMatch(/version 7 was written by a newer Organism Studio.*update the app/);
    expect(parseError('[1, 2]').message).toMatch(/must be a JSON object/);
    expect(parseError('').message).toMatch(/not valid JSON/);
  });

  it('rejects duplicate cell names and ids, naming the second one', () => {
    const dupName = serializeNotebook(notebookWith(3)).replace('"name": "step_2"', '"name": "step_1"');
    const error = parseError(dupName);
    expect(error.field).toBe('cells[2].name');
    expect(error.message).toMatch(/duplicate cell name "step_1" \(also used by cells\[1\]\)/);
    const dupId = serializeNotebook(notebookWith(3)).replace('"id": "cell2"', '"id": "cell0"');
    expect(parseError(dupId).field).toBe('cells[2].id');
  });
});
