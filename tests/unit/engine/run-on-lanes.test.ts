// runOnLanes: items over lanes, results in item order; the first failure stops the rest and is thrown;
// a cancel of the caller's signal stops them all.
import { describe, expect, it } from 'vitest';
import { runOnLanes } from '../../../electron/core/engine/run-on-lanes.js';

const tick = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), reject(new Error('stopped'))), { once: true });
  });

describe('runOnLanes', () => {
  it('keeps every lane busy and returns results in item order', async () => {
    const used: string[] = [];
    let inFlight = 0;
    let most = 0;
    const out = await runOnLanes([30, 5, 5, 5], ['a', 'b'], undefined, async (ms, i, lane) => {
      most = Math.max(most, ++inFlight);
      used.push(lane);
      await tick(ms);
      inFlight--;
      return i * 10;
    });
    expect(out).toEqual([0, 10, 20, 30]);
    expect(most).toBe(2);
    expect(used.filter((l) => l === 'b').length).toBe(3); // lane a was busy with the long item
  });

  it('throws the first failure and stops the items still running or queued', async () => {
    const started: number[] = [];
    const stopped: number[] = [];
    const run = runOnLanes([0, 1, 2, 3], ['a', 'b'], undefined, async (_, i, __, signal) => {
      started.push(i);
      if (i === 1) throw new Error('item 1 broke');
      await tick(1000, signal).catch((e) => (stopped.push(i), Promise.reject(e)));
    });
    await expect(run).rejects.toThrow('item 1 broke');
    expect(started).toEqual([0, 1]);
    expect(stopped).toEqual([0]);
  });

  it('a cancel throws its reason, and an already cancelled signal runs nothing', async () => {
    const controller = new AbortController();
    const run = runOnLanes([0, 1], ['a'], controller.signal, (_, __, ___, signal) => tick(1000, signal));
    controller.abort(new Error('user cancelled'));
    await expect(run).rejects.toThrow('user cancelled');
    let ran = false;
    await expect(runOnLanes([0], ['a'], controller.signal, async () => void (ran = true))).rejects.toThrow('user cancelled');
    expect(ran).toBe(false);
  });
});
