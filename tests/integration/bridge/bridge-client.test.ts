// The bridge client against the REAL Python bridge: handshake, the shared protocol fixtures,
// notifications, cancel, a killed bridge (detected and restarted), polite shutdown.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BridgeClient, type BridgeState } from '../../../electron/core/bridge/bridge-client.js';
import { BridgeCrashedError, BridgeProtocolError, BridgeRequestError, CancelledError } from '../../../electron/core/bridge/errors.js';
import { methods, type BridgeMethod, type Checkpoint, type Progress } from '../../../electron/core/bridge/protocol.js';

const root = new URL('../../../', import.meta.url).pathname;
const baseDir = resolve(root, 'assets/models/base');
const fixturesDir = join(root, 'tests/fixtures/protocol');
const tmp = mkdtempSync(join(tmpdir(), 'os-bridge-'));

const FixtureSchema = z.object({
  description: z.string(),
  request: z.object({ id: z.number(), method: z.string(), params: z.unknown() }),
  expect: z.object({
    result: z.unknown().optional(),
    result_keys: z.array(z.string()).optional(),
    error: z.object({ code: z.number(), field: z.string() }).optional(),
  }),
});

/** Replace $TMP and $BASE placeholders anywhere in the params. */
function substitute(value: unknown, name: string): unknown {
  const text = JSON.stringify(value ?? {})
    .replaceAll('$TMP', join(tmp, name))
    .replaceAll('$BASE', baseDir);
  return JSON.parse(text);
}

const client = new BridgeClient();
const states: BridgeState['state'][] = [];
client.onState((s) => states.push(s.state));

beforeAll(async () => {
  await client.start();
});
afterAll(async () => {
  await client.shutdown();
  rmSync(tmp, { recursive: true, force: true });
});

describe('handshake', () => {
  it('reports protocol 1, versions and the process id', async () => {
    const h = await client.handshake();
    expect(h.protocol_version).toBe(1);
    expect(h.pid).toBe(client.pid);
    expect(h.torch).toMatch(/^1\./);
    expect(states.slice(0, 2)).toEqual(['starting', 'ready']);
    expect(client.state.detail).toContain(h.torch);
  });
});

describe('shared protocol fixtures', () => {
  const files = readdirSync(fixturesDir).filter((f) => f.endsWith('.json') && f !== 'shutdown.json' && f !== 'train_run.json');
  it('exist', () => expect(files.length).toBeGreaterThan(8));

  it.each(files)('%s', async (file) => {
    const fx = FixtureSchema.parse(JSON.parse(readFileSync(join(fixturesDir, file), 'utf8')));
    const params = substitute(fx.request.params, file);
    const method = fx.request.method;
    const known = method in methods;
    const run = () => (known ? client.call(method as BridgeMethod, params as never) : client.callUnchecked(method, params));
    if (fx.expect.error) {
      const err = await run().then(
        () => null,
        (e: unknown) => e,
      );
      // Either the bridge rejects it (JSON-RPC error naming the field), or our zod schema does first.
      if (err instanceof BridgeRequestError) {
        expect(err.code).toBe(fx.expect.error.code);
        expect(err.field).toBe(fx.expect.error.field);
      } else {
        expect(err).toBeInstanceOf(BridgeProtocolError);
        expect((err as Error).message).toContain(fx.expect.error.field);
      }
      return;
    }
    const result = (await run()) as Record<string, unknown>;
    if (fx.expect.result !== undefined) expect(result).toEqual(fx.expect.result);
    for (const key of fx.expect.result_keys ?? []) expect(result).toHaveProperty(key);
  });
});

describe('long requests', () => {
  it('streams progress and checkpoint notifications to the request that caused them', async () => {
    const fx = FixtureSchema.parse(JSON.parse(readFileSync(join(fixturesDir, 'train_run.json'), 'utf8')));
    const params = methods['train.run'].params.parse(substitute(fx.request.params, 'train_run'));
    const progress: Progress[] = [];
    const checkpoints: Checkpoint[] = [];
    let id = -1;
    const result = await client.trainRun(params, { onProgress: (p) => progress.push(p), onCheckpoint: (c) => checkpoints.push(c), onStarted: (i) => (id = i) });
    expect(result.checkpoints.map((c) => c.step)).toEqual([0, 2, 4]);
    expect(checkpoints.map((c) => c.step)).toEqual([0, 2, 4]);
    expect(checkpoints.every((c) => c.id === id)).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.id === id && p.total === 4)).toBe(true);
  });

  it('with export_onnx, each checkpoint arrives with a complete ONNX export while training continues', async () => {
    const fx = FixtureSchema.parse(JSON.parse(readFileSync(join(fixturesDir, 'train_run_export_onnx.json'), 'utf8')));
    const params = methods['train.run'].params.parse(substitute(fx.request.params, 'train_run_export_onnx'));
    const seen: Array<{ step: number; onnxDir: string | undefined; complete: boolean }> = [];
    const result = await client.trainRun(params, {
      // Checked inside the callback: the export must be on disk when the checkpoint is announced.
      onCheckpoint: (c) => seen.push({ step: c.step, onnxDir: c.onnx_dir, complete: c.onnx_dir !== undefined && existsSync(join(c.onnx_dir, 'model.json')) && existsSync(join(c.onnx_dir, 'model.onnx')) }),
    });
    expect(seen.map((s) => s.step)).toEqual([0, 1, 2]);
    expect(seen.every((s) => s.complete)).toBe(true);
    expect(result.checkpoints.map((c) => c.onnx_dir)).toEqual(seen.map((s) => s.onnxDir));
    expect(result.checkpoints.every((c) => c.onnx_dir === join(c.model_dir, 'onnx'))).toBe(true);
  });

  it('cancel rejects at once with CancelledError and the bridge stays usable', async () => {
    const controller = new AbortController();
    const pid = client.pid;
    const run = client.trainRun(
      { model_dir: baseDir, out_dir: join(tmp, 'cancelled'), dataset: { kind: 'pirate' }, steps: 5000, batch_size: 4, eval_every: 1000, seed: 0 },
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    const h = await client.handshake();
    expect(h.pid).toBe(pid);
    // The bridge really stopped the job: a new long request runs (it would queue behind a live one).
    const gen = await client.modelGenerate({ model_dir: baseDir, prompts: [[{ role: 'user', content: 'What is 2+2?' }]], max_new_tokens: 4 });
    expect(gen.outputs).toHaveLength(1);
  });

  it('a killed bridge fails the pending request with the exit details, then restarts on the next call', async () => {
    const pid = client.pid!;
    let killed = false;
    const run = client.trainRun(
      { model_dir: baseDir, out_dir: join(tmp, 'killed'), dataset: { kind: 'pirate' }, steps: 5000, batch_size: 4, eval_every: 1000, seed: 0 },
      { onProgress: () => void (killed || ((killed = true), process.kill(pid, 'SIGKILL'))) },
    );
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeCrashedError);
    expect((err as Error).message).toMatch(/stopped unexpectedly \(signal SIGKILL\) while running train\.run; it will be restarted/);
    expect(client.state.state).toBe('crashed');
    const h = await client.handshake();
    expect(h.pid).not.toBe(pid);
    expect(client.state.state).toBe('ready');
    expect(states).toContain('crashed');
    expect(states.lastIndexOf('starting')).toBeGreaterThan(states.indexOf('crashed'));
  });
});

describe('shutdown', () => {
  it('asks politely and the process exits', async () => {
    const own = new BridgeClient();
    await own.start();
    const pid = own.pid!;
    await own.shutdown();
    expect(own.state.state).toBe('stopped');
    expect(own.pid).toBeUndefined();
    expect(() => process.kill(pid, 0)).toThrow(); // gone
  });
});
