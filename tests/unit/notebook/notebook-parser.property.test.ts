// The notebook parser and the edit ops under generated input: any text is either a notebook that
// saves and reopens unchanged, or a NotebookFormatError that names where (never a stack overflow
// or a TypeError); any sequence of edits either is refused with an EditError or leaves a notebook
// that saves and reopens. Sized to run in a few seconds; fast-check prints the seed on failure.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EditOp } from '../../../electron/shared/api-contract.js';
import type { Notebook } from '../../../electron/shared/notebook-schema.js';
import { CELL_KINDS } from '../../../electron/core/notebook/cell-kinds.js';
import { EditError, applyEdit } from '../../../electron/core/notebook/edit-ops.js';
import { NotebookFormatError, parseNotebookText, serializeNotebook } from '../../../electron/core/notebook/parse-notebook.js';
import { MAX_NESTING } from '../../../electron/core/notebook/validate-notebook.js';
import { propertyOptions } from '../support/fast-check.js';

const SOURCE = 'gen.organism.json';

const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/);
const cell = fc.record({
  id: fc.stringMatching(/^c[0-9a-f]{1,4}$/),
  kind: fc.constantFrom(...CELL_KINDS, 'future-kind'),
  name,
  config: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
  inputs: fc.dictionary(name, fc.oneof(name, fc.array(name, { maxLength: 2 })), { maxKeys: 2 }),
  output: fc.constant(null),
  metadata: fc.constant({}),
});
const notebook = fc.record({
  format: fc.constant('organism-studio-notebook'),
  version: fc.constant(1),
  title: fc.string({ maxLength: 20 }),
  // Ids and names made unique, so the generated notebook is valid before it is corrupted.
  cells: fc.array(cell, { maxLength: 6 }).map((cells) => cells.map((c, i) => ({ ...c, id: `${c.id}x${i}`, name: `${c.name}_${i}` }))),
  metadata: fc.constant({}),
});

/** A value nested `depth` levels, as text (JSON.stringify itself would overflow on deep ones). */
function nestedText(depth: number, open: '[' | '{"a":'): string {
  const close = open === '[' ? ']' : '}';
  return `${open.repeat(depth)}1${close.repeat(depth)}`;
}

/** Corruptions of a valid notebook's text: the classes a clumsy user or an attacker produce. */
const corruption = fc.oneof(
  fc.record({ kind: fc.constant('bom' as const) }),
  fc.record({ kind: fc.constant('deep' as const), depth: fc.integer({ min: MAX_NESTING - 5, max: 200_000 }), open: fc.constantFrom('[' as const, '{"a":' as const) }),
  fc.record({ kind: fc.constant('huge-number' as const), literal: fc.constantFrom('1e400', '-1e400', '1e309') }),
  fc.record({ kind: fc.constant('version' as const), version: fc.oneof(fc.integer({ min: -3, max: 99 }), fc.constantFrom('"2"', '1.5', 'null', '"x"')) }),
  fc.record({ kind: fc.constant('duplicate' as const), field: fc.constantFrom('id' as const, 'name' as const) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), text: fc.string({ maxLength: 5 }) }),
  fc.record({ kind: fc.constant('json' as const), value: fc.jsonValue({ maxDepth: 4 }) }),
);
type Corruption = typeof corruption extends fc.Arbitrary<infer T> ? T : never;

function corrupt(nb: Notebook, c: Corruption): string {
  const text = serializeNotebook(nb);
  switch (c.kind) {
    case 'bom':
      return `\uFEFF${text}`;
    case 'deep':
      return serializeNotebook({ ...nb, metadata: { deep: '@@' } }).replace('"@@"', nestedText(c.depth, c.open));
    case 'huge-number':
      return serializeNotebook({ ...nb, metadata: { lr: '@@' } }).replace('"@@"', c.literal);
    case 'version':
      return text.replace('"version": 1', `"version": ${c.version}`);
    case 'duplicate': {
      const first = nb.cells[0] ?? { id: 'c1', kind: 'markdown', name: 'a', config: {}, inputs: {}, output: null, metadata: {} };
      const twin = { ...first, [c.field === 'id' ? 'name' : 'id']: `${first[c.field === 'id' ? 'name' : 'id']}_twin` };
      return serializeNotebook({ ...nb, cells: [first, twin] });
    }
    case 'truncate':
      return text.slice(0, c.at % (text.length + 1));
    case 'splice': {
      const at = c.at % (text.length + 1);
      return text.slice(0, at) + c.text + text.slice(at);
    }
    case 'json':
      return JSON.stringify(c.value);
  }
}

/** Parse `text`: a notebook that round-trips, or a NotebookFormatError — nothing else. */
function parseOrExplain(text: string): Notebook | NotebookFormatError {
  try {
    const parsed = parseNotebookText(text, SOURCE);
    const again = parseNotebookText(serializeNotebook(parsed), SOURCE);
    expect(again).toEqual(parsed); // what parses, saves and reopens unchanged
    return parsed;
  } catch (error) {
    if (!(error instanceof NotebookFormatError)) throw error;
    expect(error.message.startsWith(SOURCE)).toBe(true);
    expect(error.message).not.toMatch(/call stack|received undefined|\[object|TypeError|Cannot read/);
    return error;
  }
}

describe('notebook parser under generated input', () => {
  it('parses or explains every corruption of a valid notebook, naming the class', () => {
    fc.assert(
      fc.property(notebook, corruption, (nb, c) => {
        const result = parseOrExplain(corrupt(nb as Notebook, c));
        if (c.kind === 'bom') expect(result).not.toBeInstanceOf(NotebookFormatError);
        if (c.kind === 'deep' && c.depth + 2 > MAX_NESTING) {
          expect(String(result)).toMatch(/nested too deeply at metadata\.deep(\[0\]|\.a)*: more than 64 levels/);
        }
        if (c.kind === 'huge-number') expect(String(result)).toMatch(/metadata\.lr: a number too large to represent/);
        if (c.kind === 'version' && typeof c.version === 'number' && c.version > 1) expect(String(result)).toMatch(new RegExp(`version ${c.version} was written by a newer`));
        if (c.kind === 'duplicate') expect(String(result)).toMatch(new RegExp(`duplicate cell ${c.field}`));
      }),
      propertyOptions(300),
    );
  });

  it('never echoes the content of a file that is not a notebook', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 40 }).filter((s) => /^[A-Za-z0-9]+$/.test(s)), fc.constantFrom('json-format', 'text', 'ini'), (secret, shape) => {
        const text = shape === 'json-format' ? JSON.stringify({ format: secret, key: secret }) : shape === 'text' ? `${secret}\n` : `[section]\nkey=${secret}\n`;
        const result = parseOrExplain(text);
        expect(result).toBeInstanceOf(NotebookFormatError);
        expect(String(result)).not.toContain(secret.slice(1, 8));
      }),
      propertyOptions(100),
    );
  });
});

// Ops are generated without the notebook; `pick` chooses the cell when the op is applied.
const config = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 3 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }),
  fc.constant({ deep: JSON.parse(nestedText(MAX_NESTING + 1, '[')) as unknown }),
  fc.constant({ lr: Number.POSITIVE_INFINITY }),
);
const opTemplate = fc.oneof(
  fc.record({ op: fc.constant('setTitle' as const), title: fc.string({ maxLength: 10 }) }),
  fc.record({ op: fc.constant('addCell' as const), index: fc.nat({ max: 8 }), kind: fc.constantFrom(...CELL_KINDS, 'nope'), config: fc.option(config, { nil: undefined }) }),
  fc.record({ op: fc.constantFrom('deleteCell' as const, 'duplicateCell' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('moveCell' as const), pick: fc.nat(), toIndex: fc.nat({ max: 8 }) }),
  fc.record({ op: fc.constant('updateCell' as const), pick: fc.nat(), patch: fc.record({ name, config }, { requiredKeys: [] }) }),
);
type OpTemplate = typeof opTemplate extends fc.Arbitrary<infer T> ? T : never;

function resolve(template: OpTemplate, nb: Notebook): EditOp {
  if (!('pick' in template)) return template;
  const id = nb.cells.length > 0 ? (nb.cells[template.pick % nb.cells.length]?.id ?? 'none') : 'none';
  const { pick: _pick, ...rest } = template;
  return { ...rest, id } as EditOp;
}

describe('edit ops under generated sequences', () => {
  it('refuse with an EditError or leave a notebook that saves and reopens', () => {
    const valid = notebook.map((nb) => parseOrExplain(serializeNotebook(nb as Notebook))).filter((r): r is Notebook => !(r instanceof NotebookFormatError));
    fc.assert(
      fc.property(valid, fc.array(opTemplate, { minLength: 1, maxLength: 8 }), (start, templates) => {
        let current = start;
        for (const template of templates) {
          try {
            current = applyEdit(current, resolve(template, current));
          } catch (error) {
            if (!(error instanceof EditError)) throw error;
            expect(error.message).not.toMatch(/call stack/);
            continue;
          }
          expect(parseNotebookText(serializeNotebook(current), SOURCE)).toEqual(current);
        }
      }),
      propertyOptions(200),
    );
  });

  it('refuses to add a cell of an unknown kind, naming it and the known kinds', () => {
    const nb = parseNotebookText(serializeNotebook({ format: 'organism-studio-notebook', version: 1, title: 't', cells: [], metadata: {} }), SOURCE);
    expect(() => applyEdit(nb, { op: 'addCell', index: 0, kind: 'trian' })).toThrow(/addCell: "trian" is not a cell kind; the kinds are markdown, model/);
  });
});
