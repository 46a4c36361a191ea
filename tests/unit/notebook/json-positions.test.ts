import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, formatPath, locate, mapJsonPositions } from '../../../electron/core/notebook/json-positions.js';

describe('mapJsonPositions', () => {
  it('records where every value starts', () => {
    const text = '{\n  "a": [10,\n    {"b": "x\\"y"}],\n  "c": null\n}';
    const map = mapJsonPositions(text);
    expect(map.get('')).toEqual({ line: 1, column: 1 });
    expect(map.get('a')).toEqual({ line: 2, column: 8 });
    expect(map.get('a.0')).toEqual({ line: 2, column: 9 });
    expect(map.get('a.1.b')).toEqual({ line: 3, column: 11 });
    expect(map.get('c')).toEqual({ line: 4, column: 8 });
  });

  it('agrees with JSON.parse on what is valid', () => {
    for (const good of ['0', '-1.5e3', '"\\u00e9"', '[]', '{}', ' [true, false, null] ']) {
      expect(() => mapJsonPositions(good)).not.toThrow();
      expect(() => JSON.parse(good)).not.toThrow();
    }
    for (const bad of ['', '[1,]', '{"a" 1}', '{a: 1}', '"open', '01', '[1] 2', 'tru']) {
      expect(() => JSON.parse(bad)).toThrow();
      expect(() => mapJsonPositions(bad)).toThrow(JsonSyntaxError);
    }
  });

  it('falls back to the nearest existing ancestor and formats paths for people', () => {
    const map = mapJsonPositions('{"cells": [{"id": "a"}]}');
    expect(locate(map, ['cells', 0, 'kind'])).toEqual(map.get('cells.0'));
    expect(formatPath(['cells', 3, 'config', 'lr'])).toBe('cells[3].config.lr');
    expect(formatPath([])).toBe('(the document root)');
  });
});
