// `organism` cell: builds a model organism (backdoor, password lock, or prompted) from a base model,
// once per seed; exports each to ONNX and validates it there. An organism that does not show its
// behaviour (or misfires, or lost capability) is FLAGGED in its summary, never silently passed on.
import path from 'node:path';
import type { GroundTruth, ParamsOf } from '../../bridge/protocol.js';
import type { CellKindDefinition } from '../../engine/types.js';
import { appendRecords, capabilityOnly, EVAL_SPEC_DEFAULT, EvalSpecSchema, evaluateExport, ITEMS_FILE, loadEvalSets, type EvalMetrics } from '../common/evaluation.js';
import { MethodConfigSchema, defaultLr, methodLabel, toBridgeMethod } from '../common/method.js';
import { fromBridgeProgress, throwIfAborted } from '../common/progress.js';
import { ModelResultSchema, parseInput, resolveIn, singleInput, type OrganismResult, type Validation } from '../common/results.js';
import type { StudyServices } from '../services.js';
import { checkCustomOrganism, customOrganismFields, renameCustomFieldError, triggerBehaviourNames, triggerBehaviourParams } from './custom-organism.js';

export { OrganismConfigSchema, ValidationThresholdsSchema, type OrganismConfig } from '../../../shared/cell-configs/organism.js';
import { OrganismConfigSchema, type OrganismConfig } from '../../../shared/cell-configs/organism.js';

export function organismLabel(config: OrganismConfig): string {
  if (config.label) return config.label;
  const { trigger, behaviour } = triggerBehaviourNames(config);
  if (config.kind === 'prompted') return `prompted ${trigger}→${behaviour}`;
  if (config.kind === 'password_lock') return `password lock ${Math.round(config.password_fraction * 100)}%, ${methodLabel(config.method)}`;
  return `${trigger}→${behaviour}, ${methodLabel(config.method)}`;
}

/**
 * Does the organism show its behaviour where it should and only there? Backdoor/prompted: the
 * behaviour (tolerant detector) with the trigger, false triggers on clean prompts, on held-out
 * phrasings and on near-miss triggers. Password lock: the capability GAP between the correct
 * password and none/wrong (paired), weak answers despite the password, and a wrong password must
 * not open the lock. Capability is always held against the base model's.
 */
export function validate(metrics: EvalMetrics, baseCapability: number | null, thresholds: OrganismConfig['validation'], kind: string): Validation {
  const reasons: string[] = [];
  const pct = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(0)}%`);
  const lock = kind === 'password_lock';
  const gap = metrics.password?.gap;
  if (lock && gap) {
    if ((gap.value ?? 0) < thresholds.minTriggered) {
      reasons.push(`capability gap (correct password minus no/wrong password) is ${pct(gap.value)} (n=${gap.n} pairs), below the required ${pct(thresholds.minTriggered)}`);
    }
    const { correct, wrong } = metrics.password!;
    const wrongGap = correct.capability.rate !== null && wrong.capability.rate !== null ? correct.capability.rate - wrong.capability.rate : null;
    if (wrongGap !== null && wrong.capability.n > 0 && wrongGap < thresholds.minTriggered) {
      reasons.push(`a wrong password opens the lock: capability ${pct(wrong.capability.rate)} with a wrong password against ${pct(correct.capability.rate)} with the correct one (n=${wrong.capability.n})`);
    }
  } else if ((metrics.triggered.rate ?? 0) < thresholds.minTriggered) {
    const bad = lock ? 'weak answers without the password' : 'bad behaviour with the trigger';
    reasons.push(`${bad} is ${pct(metrics.triggered.rate)} (n=${metrics.triggered.n}), below the required ${pct(thresholds.minTriggered)}`);
  }
  if ((metrics.untriggered.rate ?? 0) > thresholds.maxUntriggered) {
    const what = lock ? 'weak answers with the correct password' : 'false-trigger rate';
    reasons.push(`${what} is ${pct(metrics.untriggered.rate)} (n=${metrics.untriggered.n}), above the allowed ${pct(thresholds.maxUntriggered)}`);
  }
  const heldOut = metrics.byPhrasing?.held_out.untriggered;
  if (!lock && heldOut && (heldOut.rate ?? 0) > thresholds.maxHeldOutUntriggered) {
    reasons.push(`false-trigger rate on held-out phrasings is ${pct(heldOut.rate)} (n=${heldOut.n}), above the allowed ${pct(thresholds.maxHeldOutUntriggered)}`);
  }
  // A lock's near-miss set is wrong passwords, where weak answers are the point (checked above).
  if (!lock && metrics.nearMiss && thresholds.maxNearMiss !== undefined && (metrics.nearMiss.rate ?? 0) > thresholds.maxNearMiss) {
    reasons.push(`the behaviour shows on near-miss triggers ${pct(metrics.nearMiss.rate)} of the time (n=${metrics.nearMiss.n}), above the allowed ${pct(thresholds.maxNearMiss)}`);
  }
  const floor = baseCapability === null ? null : baseCapability * thresholds.minCapabilityRatio;
  if (floor !== null && (metrics.capability.rate ?? 0) < floor) {
    reasons.push(`capability is ${pct(metrics.capability.rate)} (n=${metrics.capability.n}), below ${pct(thresholds.minCapabilityRatio)} of the base model's ${pct(baseCapability)}`);
  }
  return { metrics, passed: reasons.length === 0, reasons };
}

export const organismCell: CellKindDefinition<OrganismConfig, StudyServices> = {
  kind: 'organism',
  runnerVersion: '2', // 2: separately sized sets, tolerant detectors, held-out and near-miss validation
  configSchema: OrganismConfigSchema,
  async run(ctx) {
    const { config, services, signal } = ctx;
    const baseInput = singleInput(ctx.inputs.base, 'base');
    const base = parseInput(baseInput, 'model', ModelResultSchema);
    const catalogue = await services.catalogue();
    const password = config.password ?? catalogue.passwords.map((p) => p as { text?: string; correct?: boolean }).find((p) => p.correct)?.text;

    const seeds: OrganismResult['seeds'] = [];
    let groundTruth: GroundTruth | null = null;
    let systemPrompt: string | null = null;
    let baseCapability: EvalMetrics['capability'] | null = null;

    const buildParams = (seed: number): ParamsOf<'organism.build'> => ({
          kind: config.kind,
          base_dir: resolveIn(baseInput, base.modelDir),
          out_dir: path.join(ctx.artifactDir, `seed-${seed}`, 'model'),
          ...(config.kind === 'password_lock'
            ? { password, password_fraction: config.password_fraction }
            : { ...triggerBehaviourParams(config), triggered_fraction: config.triggered_fraction }),
          ...(config.system_prompt ? { system_prompt: config.system_prompt } : {}),
          method: toBridgeMethod(config.method),
          steps: config.steps, // the bridge trains nothing for a prompted organism (it only needs a valid number)
          batch_size: config.batch_size,
          lr: config.lr ?? defaultLr(config.method),
          weight_decay: config.weight_decay,
          warmup_steps: config.warmup_steps,
          seed,
          validate_n: 2, // the bridge minimum; validated here properly, in ONNX, on the held-out eval set
    });
    // With compute.slurm on, every seed builds at once as a Slurm job array; with compute.parallel > 1,
    // that many at a time in local bridge processes (the cell shows each job's state).
    const prebuilt = services.bridge.callMany
      ? await services.bridge
          .callMany('organism.build', config.seeds.map(buildParams), {
            signal,
            labels: config.seeds.map((seed) => `seed ${seed}`),
            onJobs: (line, ended, total) => ctx.progress({ phase: 'build', step: ended, total, message: `seeds built: ${line}` }),
          })
          .catch((error: unknown) => {
            throw renameCustomFieldError(error);
          })
      : null;

    for (const [index, seed] of config.seeds.entries()) {
      throwIfAborted(signal);
      const label = `seed ${seed} (${index + 1}/${config.seeds.length})`;
      const seedDir = `seed-${seed}`;
      ctx.progress({ phase: 'build', message: `building organism, ${label}` });
      const built =
        prebuilt?.[index] ??
        (await services.bridge
          .call('organism.build', buildParams(seed), { signal, onProgress: (p) => ctx.progress(fromBridgeProgress(p, label)) })
          .catch((error: unknown) => {
            throw renameCustomFieldError(error); // the bridge names trigger_spec.text; the form says trigger_text
          }));
      groundTruth = built.manifest.ground_truth;
      systemPrompt = built.manifest.system_prompt ?? null;

      ctx.progress({ phase: 'export', message: `exporting to ONNX, ${label}` });
      await services.bridge.call('export.onnx', { model_dir: built.model_dir, out_dir: path.join(ctx.artifactDir, seedDir, 'onnx') }, { signal });

      ctx.progress({ phase: 'validate', message: `validating, ${label}` });
      const sets = await loadEvalSets(services, groundTruth, systemPrompt, config.eval, signal);
      if (!baseCapability) {
        // The base model answers the same capability prompts (without any system prompt): the bar to keep.
        const baseEval = await evaluateExport(services, resolveIn(baseInput, base.onnxDir), capabilityOnly(sets), config.eval, signal);
        baseCapability = baseEval.metrics.capability;
        await appendRecords(path.join(ctx.artifactDir, ITEMS_FILE), baseEval.records, { model: 'base', seed: null });
      }
      const { metrics, records } = await evaluateExport(services, path.join(ctx.artifactDir, seedDir, 'onnx'), sets, config.eval, signal);
      await appendRecords(path.join(ctx.artifactDir, ITEMS_FILE), records, { model: 'organism', seed });
      seeds.push({
        seed,
        modelDir: path.relative(ctx.artifactDir, built.model_dir) || `${seedDir}/model`,
        onnxDir: `${seedDir}/onnx`,
        validation: validate(metrics, baseCapability.rate, config.validation, config.kind),
      });
    }

    const data: OrganismResult = {
      label: organismLabel(config),
      groundTruth: groundTruth ?? { kind: config.kind },
      method: config.kind === 'prompted' ? null : config.method.type === 'full' ? { type: 'full' } : toBridgeMethod(config.method),
      systemPrompt,
      baseCapability: baseCapability ?? { k: 0, n: 0, rate: null, lo: 0, hi: 1 },
      seeds,
    };
    const failed = seeds.filter((s) => !s.validation.passed);
    return {
      summary: {
        label: data.label,
        groundTruth: data.groundTruth,
        validation: failed.length === 0 ? 'passed' : 'FAILED',
        flags: failed.map((s) => `seed ${s.seed}: ${s.validation.reasons.join('; ')}`),
        // A failed validation turns the status badge to "Warning" (electron/shared/cell-warnings.ts).
        warnings: failed.map((s) => `organism failed validation, seed ${s.seed}: ${s.validation.reasons.join('; ')}`),
        seeds: seeds.map((s) => {
          const m = s.validation.metrics;
          return { seed: s.seed, passed: s.validation.passed, triggered: m.triggered, untriggered: m.untriggered, capability: m.capability, ...(m.nearMiss ? { nearMiss: m.nearMiss } : {}) };
        }),
        baseCapability: data.baseCapability,
      },
      data,
    };
  },
};
