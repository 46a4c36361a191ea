// The diagnostics cell through the REAL Python bridge (eval sets, training completions) and
// onnxruntime workers: the embedded base with gaussian noise on its weights (perturb_model.py)
// comes out "worse than base" on perplexity and at least one other diagnostic; the base diagnosed
// against itself comes out "as base" on every diagnostic; bad wiring fails naming the fix.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPython } from '../../../electron/core/bridge/index.js';
import type { ModelResult } from '../../../electron/core/cells/common/results.js';
import { createStudyServices, type RealServices } from '../../../electron/core/cells/create-services.js';
import { diagnosticsCell, DiagnosticsConfigSchema, type DiagnosticsConfig } from '../../../electron/core/cells/diagnostics/diagnostics-cell.js';
import { diagnosticsMetricRows, diagnosticsReportSection } from '../../../electron/core/cells/diagnostics/report.js';
import { DiagnosticsResultSchema, type DiagnosticsResult } from '../../../electron/core/cells/diagnostics/result.js';
import type { StudyServices } from '../../../electron/core/cells/services.js';
import type { CellRunContext, InputValue } from '../../../electron/core/engine/types.js';

const root = path.resolve(new URL('../../../', import.meta.url).pathname);
const baseDir = path.join(root, 'assets/models/base');
const tmp = mkdtempSync(path.join(tmpdir(), 'os-diagnostics-'));
const baseOnnx = path.join(tmp, 'base-onnx');
const damaged = path.join(tmp, 'damaged');
let real: RealServices;

// CI sizes: 60 prompts per set still separate a noised model from its base by tens of points.
const CONFIG: DiagnosticsConfig = DiagnosticsConfigSchema.parse({ sizes: { text: 60, instructions: 60, chat: 60, arithmetic: 60 }, replicates: 500 });

beforeAll(async () => {
  real = createStudyServices({ appRoot: root });
  const python = await findPython();
  await Promise.all([
    real.bridge.call('export.onnx', { model_dir: baseDir, out_dir: baseOnnx }),
    promisify(execFile)(python, [path.join(root, 'tests/integration/diagnostics/perturb_model.py'), damaged, '0.5', '7']),
  ]);
}, 180_000);
afterAll(async () => {
  await real?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

function modelInput(name: string, modelDir: string, onnxDir: string): InputValue {
  const data: ModelResult = { modelDir, onnxDir, label: name, groundTruth: {} };
  return { cellId: name, cellName: name, kind: 'model', hash: `h-${name}`, dir: tmp, summary: {}, data };
}
const base = (): InputValue => modelInput('base', baseDir, baseOnnx);
const noisy = (): InputValue => modelInput('noisy', path.join(damaged, 'model'), path.join(damaged, 'onnx'));

function context(inputs: Record<string, InputValue | InputValue[]>, signal = new AbortController().signal): CellRunContext<DiagnosticsConfig, StudyServices> {
  const artifactDir = path.join(tmp, `run-${Math.random().toString(36).slice(2)}`);
  mkdirSync(artifactDir, { recursive: true });
  return {
    cell: { id: 'd', kind: 'diagnostics', name: 'diagnostics', config: {}, inputs: {}, output: null, metadata: {} },
    config: CONFIG,
    inputs,
    artifactDir,
    finalDir: artifactDir,
    hash: 'h-d',
    progress: () => undefined,
    publish: () => undefined,
    signal,
    services: real,
  };
}

describe('diagnostics cell', () => {
  let result: DiagnosticsResult;
  let artifactDir: string;

  it('diagnoses a noised copy of the base as worse than base, and the base itself as base', async () => {
    const ctx = context({ base: base(), models: [base(), noisy()] });
    artifactDir = ctx.artifactDir;
    const started = Date.now();
    result = DiagnosticsResultSchema.parse((await diagnosticsCell.run(ctx)).data);
    const [self, damagedModel] = result.models;
    const table = result.models.map((m) => m.diagnostics.map((d) => `${m.label} ${d.id}${d.variant ? `(${d.variant})` : ''}: ${d.model.value?.toFixed(3)} vs ${d.base.value?.toFixed(3)} Δ ${d.delta.value?.toFixed(3)} [${d.delta.lo.toFixed(3)}, ${d.delta.hi.toFixed(3)}] → ${d.verdict}`).join('\n')).join('\n');
    console.log(`${table}\n(${Date.now() - started} ms)`);
    expect(self?.diagnostics.map((d) => d.id)).toEqual(['perplexity', 'instructions', 'chat', 'arithmetic', 'leakage', 'garbage']);
    expect(self?.diagnostics.every((d) => d.verdict === 'as base')).toBe(true);
    expect(self?.worse).toEqual([]);
    // Same model, same prompts, greedy: the difference is exactly 0, not merely inside its interval.
    for (const d of self?.diagnostics ?? []) expect(d.delta.value).toBe(0);
    const worse = new Set(damagedModel?.worse);
    expect(worse.has('perplexity')).toBe(true);
    expect(worse.size).toBeGreaterThanOrEqual(2);
    for (const d of damagedModel?.diagnostics ?? []) {
      expect(d.model.n).toBeGreaterThan(0);
      expect(d.delta.lo).toBeLessThanOrEqual(d.delta.hi);
    }
  });

  it('writes every prompt with its answer and score, and a figure with the base first', () => {
    const lines = readFileSync(path.join(artifactDir, 'items.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const noisyInstr = lines.filter((l) => l['model'] === 'noisy' && l['set'] === 'instructions');
    expect(noisyInstr).toHaveLength(60);
    const k = noisyInstr.filter((l) => l['correct'] === true).length;
    expect(result.models[1]?.diagnostics.find((d) => d.id === 'instructions')?.model.k).toBe(k);
    const presented = diagnosticsCell.present?.({ summary: {}, data: result }, 'diagnostics');
    const figure = DiagnosticsResultSchema.parse(presented?.data).figure;
    expect(figure?.data[0]?.['name']).toBe('base (base)');
    expect(figure?.data.length).toBe(2 * 3); // base, base (self), noisy: a rates trace and a perplexity trace each
    // The report: the chart, a row per model and diagnostic, and the metrics export with its intervals.
    const figures: unknown[] = [];
    const html = diagnosticsReportSection(presented?.data, 'fig-d', (f) => figures.push(f));
    expect(figures).toHaveLength(1);
    expect(html).toMatch(/Worse than base on at least one diagnostic: noisy \(perplexity/);
    expect(html).not.toMatch(/base \(perplexity/);
    const rows = diagnosticsMetricRows('diagnostics', result);
    expect(rows).toHaveLength(12);
    expect(rows.find((r) => r['model'] === 'noisy' && r['diagnostic'] === 'perplexity')).toMatchObject({ verdict: 'worse than base', n: 60, delta_method: 'paired bootstrap' });
  });

  it('refuses bad wiring with the fix in the message', async () => {
    await expect(diagnosticsCell.run(context({ models: [noisy()] }))).rejects.toThrow(/exactly one base model.*"base" input to a model cell/);
    await expect(diagnosticsCell.run(context({ base: base(), models: [] }))).rejects.toThrow(/at least one model to diagnose/);
    const plot: InputValue = { ...base(), cellName: 'tradeoff', kind: 'plot' };
    await expect(diagnosticsCell.run(context({ base: base(), models: [plot] }))).rejects.toThrow(/"tradeoff" is a plot cell, which holds no model; pick organism, train or model cells/);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled by test'));
    await expect(diagnosticsCell.run(context({ base: base(), models: [noisy()] }, controller.signal))).rejects.toThrow(/cancel/);
  });
});
