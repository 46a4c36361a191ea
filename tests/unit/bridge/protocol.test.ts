// The protocol schemas against the shared fixtures (tests/fixtures/protocol), without a process.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isMissingDependency, missingDependencyMessage, missingModuleIn } from '../../../electron/core/bridge/missing-dependency.js';
import { CheckpointSchema, LogSchema, methods, ProgressSchema } from '../../../electron/core/bridge/protocol.js';
import { findBridgeDir } from '../../../electron/core/bridge/python-locator.js';

const root = new URL('../../../', import.meta.url).pathname;
const dir = join(root, 'tests/fixtures/protocol');
const Fixture = z.object({
  request: z.object({ method: z.string(), params: z.unknown() }),
  expect: z.object({ error: z.object({ field: z.string() }).optional() }).loose(),
  example_notifications: z.array(z.object({ method: z.string(), params: z.unknown() })).optional(),
  example_result: z.unknown().optional(),
});
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, Fixture.parse(JSON.parse(readFileSync(join(dir, f), 'utf8')))] as const);

describe('params schemas accept every valid fixture request', () => {
  const valid = fixtures.filter(([, fx]) => !fx.expect.error);
  it('there are valid fixtures', () => expect(valid.length).toBeGreaterThan(5));
  it.each(valid)('%s', (_, fx) => {
    const spec = methods[fx.request.method as keyof typeof methods];
    expect(spec).toBeDefined();
    const params = JSON.parse(JSON.stringify(fx.request.params).replaceAll('$TMP', '/tmp/x').replaceAll('$BASE', '/tmp/base'));
    expect(spec.params.safeParse(params).success).toBe(true);
  });
});

describe('client-side rejection names the same field as the bridge would', () => {
  // The bridge's own validation is tested by pytest; where our schema already rejects, it must
  // point at the same field.
  it('for every bad-request fixture our schema rejects', () => {
    const bad = fixtures.filter(([, fx]) => fx.expect.error && fx.request.method in methods);
    const rejected = bad.flatMap(([, fx]) => {
      const r = methods[fx.request.method as keyof typeof methods].params.safeParse(fx.request.params);
      return r.success ? [] : [{ message: z.prettifyError(r.error), field: fx.expect.error!.field }];
    });
    expect(rejected.length).toBeGreaterThanOrEqual(3); // lora targets, dataset kind, eval kind
    for (const r of rejected) expect(r.message).toContain(r.field);
  });
});

describe('notification schemas accept the fixture examples', () => {
  const examples = fixtures.flatMap(([, fx]) => fx.example_notifications ?? []);
  it('has examples of progress, checkpoint and log', () => expect(new Set(examples.map((e) => e.method))).toEqual(new Set(['progress', 'checkpoint', 'log'])));
  it.each(examples.map((e) => [e.method, e] as const))('%s', (method, e) => {
    const schema = { progress: ProgressSchema, checkpoint: CheckpointSchema, log: LogSchema }[method as 'progress'];
    expect(schema.safeParse(e.params).success).toBe(true);
  });
});

describe('result schemas accept the fixture example results', () => {
  const examples = fixtures.filter(([, fx]) => fx.example_result !== undefined);
  it('has an example of train.run with export_onnx', () => expect(examples.map(([f]) => f)).toContain('train_run_export_onnx.json'));
  it.each(examples)('%s', (_, fx) => {
    const parsed = methods[fx.request.method as keyof typeof methods].result.safeParse(fx.example_result);
    expect(parsed.success).toBe(true);
  });
  it('keeps onnx_dir on checkpoints (notification and result) and rejects a non-string one', () => {
    const [, fx] = examples.find(([f]) => f === 'train_run_export_onnx.json')!;
    const result = methods['train.run'].result.parse(fx.example_result);
    expect(result.checkpoints.every((c) => typeof c.onnx_dir === 'string')).toBe(true);
    const note = fx.example_notifications!.find((n) => n.method === 'checkpoint')!;
    expect(CheckpointSchema.parse(note.params).onnx_dir).toMatch(/\/onnx$/);
    expect(CheckpointSchema.safeParse({ ...(note.params as object), onnx_dir: 3 }).success).toBe(false);
    expect(methods['train.run'].params.safeParse({ ...(fx.request.params as object), export_onnx: 'yes' }).success).toBe(false);
  });
});

describe('missing dependency detection', () => {
  const bridgeStderr = ['organism_bridge: missing Python dependency (torch). Install it with:', '  sudo apt-get install python3-torch python3-onnx libopenblas0-pthread', '(interpreter: /usr/bin/python3)'];
  it('reads the module from the bridge message or a traceback', () => {
    expect(missingModuleIn(bridgeStderr)).toBe('torch');
    expect(missingModuleIn(['Traceback...', "ModuleNotFoundError: No module named 'onnx'"])).toBe('onnx');
    expect(missingModuleIn(['something else'])).toBeNull();
  });
  it('exit code 3 or a ModuleNotFoundError counts as missing', () => {
    expect(isMissingDependency(3, [])).toBe(true);
    expect(isMissingDependency(1, ["No module named 'numpy'"])).toBe(true);
    expect(isMissingDependency(1, ['Segmentation fault'])).toBe(false);
  });
  it('gives the bridge install command, or a package for the module', () => {
    expect(missingDependencyMessage('/usr/bin/python3', bridgeStderr)).toMatch(/missing the Python module "torch". Install it with: sudo apt-get install python3-torch python3-onnx libopenblas0-pthread/);
    expect(missingDependencyMessage('py', ["No module named 'onnx'"])).toMatch(/Install it with: sudo apt-get install python3-onnx/);
  });
});

describe('bridge folder lookup', () => {
  it('finds python-bridge above the working directory', () => {
    expect(findBridgeDir()).toBe(join(root, 'python-bridge'));
  });
  it('rejects a folder without the package, saying what to pass', () => {
    expect(() => findBridgeDir('/tmp')).toThrow(/has no organism_bridge package; pass the python-bridge folder/);
  });
});
