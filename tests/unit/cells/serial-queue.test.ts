// The train cell's evaluation queue: in order, one at a time, and the first failure stops the rest.
import { describe, expect, it } from 'vitest';
import { SerialQueue } from '../../../electron/core/cells/train/serial-queue.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('SerialQueue', () => {
  it('runs tasks one at a time in push order, including tasks pushed while draining', async () => {
    const log: string[] = [];
    let running = 0;
    const queue = new SerialQueue();
    const task = (name: string, ticks: number) => async () => {
      running += 1;
      log.push(`${name}:start:${running}`);
      for (let i = 0; i < ticks; i++) await tick();
      log.push(`${name}:end`);
      running -= 1;
    };
    queue.push(task('a', 3));
    queue.push(task('b', 1));
    const drained = queue.drain();
    queue.push(task('c', 0)); // e.g. a checkpoint announced just before train.run returned
    await drained;
    expect(log).toEqual(['a:start:1', 'a:end', 'b:start:1', 'b:end', 'c:start:1', 'c:end']);
  });

  it('reports the first failure once, skips later tasks, and drain rejects with it', async () => {
    const errors: unknown[] = [];
    const ran: string[] = [];
    const queue = new SerialQueue((e) => errors.push(e));
    queue.push(async () => void ran.push('a'));
    queue.push(async () => {
      throw new Error('evaluation failed');
    });
    queue.push(async () => void ran.push('c'));
    await expect(queue.drain()).rejects.toThrow('evaluation failed');
    expect(ran).toEqual(['a']);
    expect(errors).toHaveLength(1);
    expect(queue.failed).toBe(true);
    await queue.settle(); // never rejects
  });
});
