import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../electron/core/engine/graph.js';
import { canonicalJson, cellHash } from '../../../electron/core/engine/hashing.js';
import { planNotebook } from '../../../electron/core/engine/staleness.js';
import { downstreamClosure, topologicalOrder, upstreamClosure } from '../../../electron/core/engine/topology.js';
import { cell, registry } from './kinds.js';

const services = { runs: [] as string[] };

describe('cell graph', () => {
  it('orders cells by their inputs, whatever order they appear in', () => {
    const cells = [
      cell('text', 'c', { text: 'c' }, { x: 'b' }),
      cell('text', 'b', { text: 'b' }, { x: 'a' }),
      cell('text', 'a', { text: 'a' }),
      cell('markdown', 'notes', {}),
    ];
    const graph = buildGraph(cells, (k) => registry.has(k));
    const { order, cycles } = topologicalOrder(graph);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(cycles).toEqual([]);
    expect(upstreamClosure(graph, order, 'b')).toEqual(['a', 'b']);
    expect([...downstreamClosure(graph, 'a')].sort()).toEqual(['b', 'c']);
  });

  it('reports a cycle by the names of the cells in it', async () => {
    const cells = [
      cell('text', 'x', { text: 'x' }, { in: 'z' }),
      cell('text', 'y', { text: 'y' }, { in: 'x' }),
      cell('text', 'z', { text: 'z' }, { in: 'y' }),
      cell('text', 'after', { text: 'w' }, { in: 'z' }),
    ];
    const plan = await planNotebook(cells, registry, services, 'v1');
    const x = plan.cells.get('x');
    expect(x?.ok).toBe(false);
    const message = x && !x.ok ? x.error : '';
    expect(message).toMatch(/cycle/);
    for (const name of ['"x"', '"y"', '"z"']) expect(message).toContain(name);
    const after = plan.cells.get('after');
    expect(after && !after.ok ? after.error : '').toMatch(/cycle/);
  });

  it('names the cell, the input and the missing cell for a dangling input', async () => {
    const cells = [cell('text', 'train', { text: 't' }, { organism: 'orgnism' }), cell('markdown', 'prose', {})];
    const plan = await planNotebook(cells, registry, services, 'v1');
    const t = plan.cells.get('train');
    expect(t && !t.ok ? t.error : '').toContain('Cell "train" input "organism" refers to cell "orgnism", which does not exist');

    const wired = [cell('text', 'train', { text: 't' }, { organism: 'prose' }), cell('markdown', 'prose', {})];
    const plan2 = await planNotebook(wired, registry, services, 'v1');
    const t2 = plan2.cells.get('train');
    expect(t2 && !t2.ok ? t2.error : '').toMatch(/markdown cell, which has no output/);
  });

  it('rejects an invalid config with the field and the problem', async () => {
    const plan = await planNotebook([cell('wait', 'w', { steps: 'ten' })], registry, services, 'v1');
    const w = plan.cells.get('w');
    expect(w && !w.ok ? w.error : '').toMatch(/Cell "w" cannot run: Steps must be /);
  });
});

describe('content hashes', () => {
  it('are stable across key order and change with any part', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: 3 } })).toBe('{"a":{"c":3,"d":[2,{"x":0,"y":1}]},"b":1}');
    const base = { kind: 'train', config: { steps: 10, lr: 0.001 }, inputHashes: { organism: 'abc' }, codeVersion: 'v1', runnerVersion: '1', fingerprint: '' };
    const reordered = { ...base, config: { lr: 0.001, steps: 10 } };
    expect(cellHash(base)).toBe(cellHash(reordered));
    expect(cellHash(base)).not.toBe(cellHash({ ...base, config: { steps: 11, lr: 0.001 } }));
    expect(cellHash(base)).not.toBe(cellHash({ ...base, inputHashes: { organism: 'abd' } }));
    expect(cellHash(base)).not.toBe(cellHash({ ...base, codeVersion: 'v2' }));
    expect(cellHash(base)).not.toBe(cellHash({ ...base, runnerVersion: '2' }));
  });

  it('propagate an edit to everything downstream and nothing else', async () => {
    const a = cell('text', 'a', { text: 'a' });
    const b = cell('text', 'b', { text: 'b' }, { x: 'a' });
    const side = cell('text', 'side', { text: 's' });
    const before = await planNotebook([a, b, side], registry, services, 'v1');
    const edited = { ...a, config: { text: 'A' } };
    const after = await planNotebook([edited, b, side], registry, services, 'v1');
    const hashOf = (plan: typeof before, name: string): string => {
      const p = plan.cells.get(name);
      return p && p.ok ? p.hash : 'none';
    };
    expect(hashOf(after, 'a')).not.toBe(hashOf(before, 'a'));
    expect(hashOf(after, 'b')).not.toBe(hashOf(before, 'b'));
    expect(hashOf(after, 'side')).toBe(hashOf(before, 'side'));
  });
});
