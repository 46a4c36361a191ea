import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArtifactStore, artifactRootFor } from '../../../electron/core/engine/artifact-store.js';
import { NotebookEngine, type CellPartialEvent, type CellProgressEvent, type CellStatusEvent } from '../../../electron/core/engine/engine.js';
import type { Cell } from '../../../electron/shared/notebook-schema.js';
import { cell, registry, type TestServices } from './kinds.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'engine-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function makeEngine(cells: Cell[], codeVersion = 'v1', partialIntervalMs?: number) {
  const services: TestServices = { runs: [] };
  const statuses: CellStatusEvent[] = [];
  const progress: CellProgressEvent[] = [];
  const partials: CellPartialEvent[] = [];
  const doc = { cells };
  const engine = new NotebookEngine({
    registry,
    services,
    codeVersion,
    store: new ArtifactStore(artifactRootFor(path.join(dir, 'study.organism.json'), 'x')),
    getCells: () => doc.cells,
    onStatus: (e) => statuses.push(e),
    onProgress: (e) => progress.push(e),
    onPartial: (e) => partials.push(e),
    progressIntervalMs: 100,
    partialIntervalMs,
  });
  return { engine, services, statuses, progress, partials, doc };
}

const statusByName = async (engine: NotebookEngine<TestServices>, cells: Cell[]) => {
  const events = await engine.statuses();
  return Object.fromEntries(events.map((e) => [cells.find((c) => c.id === e.cellId)?.name, e.status]));
};

describe('notebook engine', () => {
  it('runs a cell after its stale upstream, stores artifacts next to the notebook, and hits the cache', async () => {
    const a = cell('text', 'a', { text: 'a' });
    const b = cell('text', 'b', { text: 'b' }, { x: 'a' });
    const { engine, services } = makeEngine([a, b]);
    expect(await statusByName(engine, [a, b])).toEqual({ a: 'idle', b: 'idle' });

    const first = await engine.run({ cellId: b.id });
    expect(first.queued).toEqual([a.id, b.id]);
    const outcomes = await first.done;
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'done']);
    expect(services.runs).toEqual(['a', 'b']);

    const stored = await engine.result(b.id);
    expect(stored?.dir.startsWith(path.join(dir, 'study.studio', 'artifacts'))).toBe(true);
    expect(await readFile(path.join(stored?.dir ?? '', 'out.txt'), 'utf8')).toBe('a+b');
    expect(stored?.manifest.cellName).toBe('b');
    expect((await readdir(path.join(dir, 'study.studio', 'artifacts'))).filter((e) => e.startsWith('.tmp'))).toEqual([]);

    const again = await engine.run('all');
    expect(again.queued).toEqual([]);
    expect((await again.done).every((o) => o.cached)).toBe(true);
    expect(services.runs).toEqual(['a', 'b']);
  });

  it('marks an edited cell and its downstream stale, re-runs only those, and restores results on reopen', async () => {
    const a = cell('text', 'a', { text: 'a' });
    const b = cell('text', 'b', { text: 'b' }, { x: 'a' });
    const side = cell('text', 'side', { text: 's' });
    const { engine, services, doc } = makeEngine([a, b, side]);
    await (await engine.run('all')).done;
    expect(await statusByName(engine, doc.cells)).toEqual({ a: 'done', b: 'done', side: 'done' });

    doc.cells = [{ ...a, config: { text: 'A' } }, b, side];
    expect(await statusByName(engine, doc.cells)).toEqual({ a: 'stale', b: 'stale', side: 'done' });
    expect(await engine.affectedBy(a.id)).toEqual(['a', 'b']);

    services.runs.length = 0;
    await (await engine.run('stale')).done;
    expect(services.runs).toEqual(['a', 'b']);
    expect((await engine.result(b.id))?.output.data).toEqual({ text: 'A+b' });

    // Undoing the edit returns to results that are still cached: nothing runs.
    doc.cells = [a, b, side];
    services.runs.length = 0;
    await (await engine.run('all')).done;
    expect(services.runs).toEqual([]);

    // A fresh engine over the same files (a reopened notebook) sees every result.
    const reopened = makeEngine(doc.cells);
    expect(await statusByName(reopened.engine, doc.cells)).toEqual({ a: 'done', b: 'done', side: 'done' });
    expect((await reopened.engine.result(b.id))?.output.summary).toEqual({ length: 3 });

    // A new code version invalidates every cached result.
    const upgraded = makeEngine(doc.cells, 'v2');
    expect(await statusByName(upgraded.engine, doc.cells)).toEqual({ a: 'idle', b: 'idle', side: 'idle' });
  });

  it('cancels a running job and the queued ones, leaving no partial artifacts', async () => {
    const slow = cell('wait', 'slow', { steps: 500 });
    const next = cell('wait', 'next', { steps: 2 });
    const after = cell('text', 'after', { text: 'x' }, { in: 'slow' });
    const { engine, services, statuses } = makeEngine([slow, next, after]);
    const run = await engine.run('all');
    expect(run.queued).toEqual([slow.id, next.id, after.id]);
    await new Promise((r) => setTimeout(r, 120));
    const cancelled = engine.cancel();
    expect(cancelled.sort()).toEqual([slow.id, next.id, after.id].sort());
    const outcomes = await run.done;
    expect(outcomes.map((o) => o.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(services.runs).toEqual(['slow']); // the queued ones never started
    const root = path.join(dir, 'study.studio', 'artifacts');
    expect(existsSync(root) ? await readdir(root) : []).toEqual([]);
    expect(statuses.filter((s) => s.cellId === slow.id).map((s) => s.status)).toEqual(['queued', 'running', 'cancelled']);
    expect(await statusByName(engine, [slow, next, after])).toEqual({ slow: 'cancelled', next: 'cancelled', after: 'cancelled' });
  });

  it('cancels one queued cell while the running one continues', async () => {
    const first = cell('wait', 'first', { steps: 5 });
    const second = cell('wait', 'second', { steps: 5 });
    const { engine, services } = makeEngine([first, second]);
    const run = await engine.run('all');
    expect(engine.cancel(second.id)).toEqual([second.id]);
    const outcomes = await run.done;
    expect(outcomes.map((o) => `${o.cellName}:${o.status}`)).toEqual(['first:done', 'second:cancelled']);
    expect(services.runs).toEqual(['first']);
  });

  it('carries the failing layer\'s message and fails dependents with the upstream name', async () => {
    const bad = cell('wait', 'bad', { steps: 5, failAt: 2 });
    const child = cell('text', 'child', { text: 'c' }, { in: 'bad' });
    const { engine } = makeEngine([bad, child]);
    const outcomes = await (await engine.run('all')).done;
    expect(outcomes[0]).toMatchObject({ status: 'error', error: 'bridge: training diverged at step 2' });
    expect(outcomes[1]?.status).toBe('error');
    expect(outcomes[1]?.error).toContain('cell "bad"');
  });

  it('throttles progress to about ten updates a second and always delivers the last one', async () => {
    const w = cell('wait', 'w', { steps: 40 }); // ~0.8 s at 20 ms per step
    const { engine, progress } = makeEngine([w]);
    await (await engine.run('all')).done;
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.length).toBeLessThan(40 / 2);
    expect(progress.at(-1)).toMatchObject({ cellId: w.id, phase: 'train', step: 40, total: 40 });
  });

  // An interval far longer than the run makes the throttle's behaviour independent of timing:
  // the first publish goes out at once, the rest wait for the trailing flush (or are dropped).
  it('forwards published partial results throttled, flushing the complete last one when the run succeeds', async () => {
    const w = cell('wait', 'w', { steps: 12, publish: true });
    const { engine, partials } = makeEngine([w], 'v1', 60_000);
    await (await engine.run('all')).done;
    expect(partials.map((p) => p.cellId)).toEqual([w.id, w.id]);
    const steps = partials.map((p) => p.partial.runs[0]?.points.map((q) => q.step));
    expect(steps).toEqual([[1], Array.from({ length: 12 }, (_, i) => i + 1)]);
  });

  it('drops a pending partial result when the run is cancelled', async () => {
    const w = cell('wait', 'w', { steps: 500, publish: true });
    const { engine, partials, progress } = makeEngine([w], 'v1', 60_000);
    const { done } = await engine.run('all');
    while (progress.length === 0) await new Promise((r) => setTimeout(r, 10));
    engine.cancel(w.id);
    expect((await done)[0]?.status).toBe('cancelled');
    expect(partials.map((p) => p.partial.runs[0]?.points.length)).toEqual([1]);
  });
});
