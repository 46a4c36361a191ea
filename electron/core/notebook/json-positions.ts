// A small JSON scanner that records where each value starts (line and column, 1-based), keyed by
// its JSON path (["cells", 3, "name"]). JSON.parse gives values but no positions; error messages
// that say "cells[3].name must be a string (line 41)" need both. The scanner also reports syntax
// errors with a line and column, which JSON.parse's messages do not do consistently.

export interface TextPosition {
  line: number;
  column: number;
}

export type JsonPath = ReadonlyArray<string | number>;

export class JsonSyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly position: TextPosition,
  ) {
    super(`${detail} at line ${position.line}, column ${position.column}`);
    this.name = 'JsonSyntaxError';
  }
}

/** The scan went deeper than `maxDepth` objects and arrays (it recurses: the limit keeps it on the stack). */
export class JsonNestingError extends Error {
  constructor(
    readonly path: JsonPath,
    readonly position: TextPosition,
    readonly maxDepth: number,
  ) {
    super(`nested too deeply at ${formatPath(path)}: more than ${maxDepth} levels of objects and arrays`);
    this.name = 'JsonNestingError';
  }
}

/** Key of a path in the position map ("cells.3.name"); the root is "". */
export function pathKey(path: JsonPath): string {
  return path.map(String).join('.');
}

/** Human form of a path: cells[3].name */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out === '' ? '(the document root)' : out;
}

/**
 * Map of pathKey → where that value starts. Throws JsonSyntaxError on malformed JSON, and
 * JsonNestingError past `maxDepth` levels (deeper values would overflow the stack).
 */
export function mapJsonPositions(text: string, maxDepth = 64): Map<string, TextPosition> {
  const positions = new Map<string, TextPosition>();
  let index = 0;
  // Line starts let us turn an offset into line/column without tracking them per character.
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);

  const positionAt = (offset: number): TextPosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
  };
  const fail = (detail: string, at = index): never => {
    throw new JsonSyntaxError(detail, positionAt(at));
  };
  // Only JSON's own punctuation is quoted back: the file may not be a notebook at all (any readable
  // path can be opened), and an error message must not echo its content.
  const describe = (at: number): string => {
    if (at >= text.length) return 'end of file';
    const c = text[at] as string;
    return '{}[],:"'.includes(c) ? `'${c}'` : 'another character';
  };
  const skipSpace = (): void => {
    while (index < text.length) {
      const c = text.charCodeAt(index);
      if (c === 32 || c === 9 || c === 10 || c === 13) index++;
      else break;
    }
  };
  const expect = (char: string): void => {
    if (text[index] !== char) fail(`expected '${char}' but found ${describe(index)}`);
    index++;
  };

  const scanString = (): string => {
    const start = index;
    expect('"');
    while (index < text.length) {
      const c = text[index];
      if (c === '"') {
        index++;
        try {
          return JSON.parse(text.slice(start, index)) as string;
        } catch {
          return fail('invalid escape sequence in a string (a backslash must start \\n, \\", \\\\, \\uXXXX, …)', start);
        }
      }
      if (c === '\\') index += 2;
      else if (c !== undefined && c.charCodeAt(0) < 32) fail('control character inside a string (escape it)');
      else index++;
    }
    return fail('unterminated string', start);
  };

  const scanLiteral = (): void => {
    const match = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(index, index + 400));
    if (!match) fail(`unexpected ${describe(index)}`);
    else index += match[0].length;
  };

  let depth = 0;
  const scanValue = (path: (string | number)[]): void => {
    skipSpace();
    if (text[index] === '{' || text[index] === '[') {
      if (++depth > maxDepth) throw new JsonNestingError([...path], positionAt(index), maxDepth);
      try {
        scanContainer(path);
      } finally {
        depth--;
      }
      return;
    }
    positions.set(pathKey(path), positionAt(index));
    if (text[index] === '"') scanString();
    else scanLiteral();
  };

  const scanContainer = (path: (string | number)[]): void => {
    positions.set(pathKey(path), positionAt(index));
    const c = text[index];
    if (c === '{') {
      index++;
      skipSpace();
      if (text[index] === '}') {
        index++;
        return;
      }
      for (;;) {
        skipSpace();
        if (text[index] !== '"') fail(`expected a property name in double quotes but found ${describe(index)}`);
        const key = scanString();
        skipSpace();
        expect(':');
        path.push(key);
        scanValue(path);
        path.pop();
        skipSpace();
        if (text[index] === ',') index++;
        else if (text[index] === '}') {
          index++;
          return;
        } else fail(`expected ',' or '}' after a property value but found ${describe(index)}`);
      }
    } else if (c === '[') {
      index++;
      skipSpace();
      if (text[index] === ']') {
        index++;
        return;
      }
      for (let i = 0; ; i++) {
        path.push(i);
        scanValue(path);
        path.pop();
        skipSpace();
        if (text[index] === ',') index++;
        else if (text[index] === ']') {
          index++;
          return;
        } else fail(`expected ',' or ']' after an array element but found ${describe(index)}`);
      }
    }
  };

  if (text.charCodeAt(0) === 0xfeff) index = 1; // tolerate a byte-order mark
  scanValue([]);
  skipSpace();
  if (index < text.length) fail(`unexpected ${describe(index)} after the end of the document`);
  return positions;
}

/** Where the value at `path` starts, or the nearest ancestor that exists (a missing field). */
export function locate(positions: Map<string, TextPosition>, path: JsonPath): TextPosition | undefined {
  for (let n = path.length; n >= 0; n--) {
    const found = positions.get(pathKey(path.slice(0, n)));
    if (found) return found;
  }
  return undefined;
}
