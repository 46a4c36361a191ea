// `model` cell: the embedded base model, or a model directory on disk. It exports the model to
// ONNX (for evaluation and sampling) and measures its capability, the baseline organisms must keep.
import { copyFile, mkdir, readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ManifestSchema } from '../../bridge/protocol.js';
import type { CellKindDefinition } from '../../engine/types.js';
import { appendRecords, EVAL_SPEC_DEFAULT, EvalSpecSchema, evaluateExport, ITEMS_FILE, loadEvalSets } from '../common/evaluation.js';
import { fromBridgeProgress } from '../common/progress.js';
import type { ModelResult } from '../common/results.js';
import type { StudyServices } from '../services.js';

export { ModelConfigSchema, type ModelConfig } from '../../../shared/cell-configs/model.js';
import { ModelConfigSchema, type ModelConfig } from '../../../shared/cell-configs/model.js';

export function modelDirOf(config: ModelConfig, services: StudyServices): string {
  return config.source === 'embedded' ? services.baseModelDir : path.resolve(config.path ?? '');
}

async function readManifest(modelDir: string) {
  let text: string;
  try {
    text = await readFile(path.join(modelDir, 'manifest.json'), 'utf8');
  } catch {
    throw new Error(`No model at ${modelDir}: manifest.json is missing. Point "path" at a model directory, or use the embedded base.`);
  }
  const manifest = ManifestSchema.safeParse(JSON.parse(text));
  if (!manifest.success) throw new Error(`${path.join(modelDir, 'manifest.json')} is not a model manifest: ${manifest.error.issues[0]?.message}.`);
  return { text, manifest: manifest.data };
}

export const modelCell: CellKindDefinition<ModelConfig, StudyServices> = {
  kind: 'model',
  runnerVersion: '2',
  configSchema: ModelConfigSchema,
  async fingerprint(config, services) {
    // The weights, not the path, decide the result: a changed model re-runs everything downstream.
    const dir = modelDirOf(config, services);
    const { text } = await readManifest(dir);
    const weights = await stat(path.join(dir, 'weights.pt')).catch(() => null);
    if (!weights) throw new Error(`No weights at ${path.join(dir, 'weights.pt')}; the model directory is incomplete.`);
    return `${text}|${weights.size}|${weights.mtimeMs}`;
  },
  async run(ctx) {
    const { services, signal } = ctx;
    const modelDir = modelDirOf(ctx.config, services);
    const { manifest } = await readManifest(modelDir);
    // Snapshot the weights into the artifact: every downstream cell then trains from exactly the
    // model this cell's hash names, even if the source folder is replaced later (or mid-run).
    const snapshot = path.join(ctx.artifactDir, 'model');
    await mkdir(snapshot, { recursive: true });
    for (const file of await readdir(modelDir)) {
      if (/\.(json|pt)$/.test(file)) await copyFile(path.join(modelDir, file), path.join(snapshot, file));
    }
    ctx.progress({ phase: 'export', message: 'exporting to ONNX' });
    await services.bridge.call('export.onnx', { model_dir: snapshot, out_dir: path.join(ctx.artifactDir, 'onnx') }, {
      signal,
      onProgress: (p) => ctx.progress(fromBridgeProgress(p)),
    });
    ctx.progress({ phase: 'evaluate', message: 'measuring capability' });
    const groundTruth = { ...manifest.ground_truth };
    const sets = await loadEvalSets(services, {}, manifest.system_prompt, ctx.config.eval, signal, { capabilityOnly: true });
    const { metrics, records } = await evaluateExport(services, path.join(ctx.artifactDir, 'onnx'), sets, ctx.config.eval, signal);
    const label = ctx.config.source === 'embedded' ? 'embedded base' : path.basename(modelDir);
    await appendRecords(path.join(ctx.artifactDir, ITEMS_FILE), records, { model: label });
    const data: ModelResult & { capability: typeof metrics.capability; source: string } = {
      modelDir: 'model',
      source: modelDir,
      onnxDir: 'onnx',
      label,
      groundTruth,
      capability: metrics.capability,
    };
    return { summary: { label: data.label, capability: metrics.capability, kind: manifest.kind }, data };
  },
};
