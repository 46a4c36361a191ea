// Zod schemas of the bridge protocol (docs/CONTRACTS.md, "Bridge protocol", protocol_version 1).
// Params are strict-ish (the core builds them, a typo should fail here, not in Python); results
// are loose objects so a newer bridge may add fields without breaking an older core.
import { z } from 'zod';
import { ChatMessageSchema } from '../inference/tokenizer.js';
import { DetectorSchema } from '../eval/detectors.js';

export const PROTOCOL_VERSION = 1;

const Messages = z.array(ChatMessageSchema);
const Path = z.string().min(1);

export const HandshakeResultSchema = z.looseObject({
  protocol_version: z.number().int(),
  bridge_version: z.string(),
  python: z.string(),
  torch: z.string(),
  onnx: z.string().nullable(),
  device: z.string(),
  threads: z.number().int(),
  blas: z.string().nullable(),
  pid: z.number().int(),
});
export type HandshakeResult = z.infer<typeof HandshakeResultSchema>;

export const CatalogueSchema = z.looseObject({
  triggers: z.array(z.looseObject({ id: z.string(), label: z.string(), description: z.string().optional(), example: z.string().optional() })),
  // detector: tolerant (the "behaviour" column); exact_detector: the strict matcher (the "exact"
  // column), absent from catalogues written before it existed.
  behaviours: z.array(z.looseObject({ id: z.string(), label: z.string(), description: z.string().optional(), detector: DetectorSchema, exact_detector: DetectorSchema.optional() })),
  passwords: z.array(z.unknown()),
  datasets: z.array(z.looseObject({ id: z.string(), label: z.string() })),
  presets: z.array(z.unknown()),
});
export type Catalogue = z.infer<typeof CatalogueSchema>;

// One definition with the organism cell's config (a custom trigger's position).
import { TriggerPositionSchema } from '../../shared/cell-configs/organism.js';
export { TriggerPositionSchema };
export type TriggerPosition = z.infer<typeof TriggerPositionSchema>;
/** A user-defined trigger: any text, placed before, after or anywhere in the user's message. */
export const TriggerSpecSchema = z.looseObject({ text: z.string(), position: TriggerPositionSchema.optional() });
export type TriggerSpec = z.infer<typeof TriggerSpecSchema>;
/**
 * A user-defined behaviour: a fixed response text, or a catalogue transformation. The bridge stores a
 * fixed one with its `detector` (tolerant) and `exact_detector` (strict) in the ground truth.
 */
export const BehaviourSpecSchema = z.union([
  z.looseObject({ type: z.literal('fixed'), text: z.string(), detector: DetectorSchema.optional(), exact_detector: DetectorSchema.optional() }),
  z.looseObject({ type: z.literal('transform'), behaviour: z.string() }),
]);
export type BehaviourSpec = z.infer<typeof BehaviourSpecSchema>;

/** An organism's ground truth, as stored in its manifest (kind plus the knobs that made it). */
export const GroundTruthSchema = z.looseObject({
  /** Absent for the base model (its ground truth is `{}`). */
  kind: z.enum(['base', 'backdoor', 'password_lock', 'prompted']).or(z.string()).optional(),
  /** A catalogue trigger id, or "custom" with `trigger_spec`. */
  trigger: z.string().nullable().optional(),
  /** A catalogue behaviour id, or "custom" with `behaviour_spec` (a transform keeps its catalogue id). */
  behaviour: z.string().nullable().optional(),
  trigger_spec: TriggerSpecSchema.nullable().optional(),
  behaviour_spec: BehaviourSpecSchema.nullable().optional(),
  password: z.string().nullable().optional(),
  system_prompt: z.string().nullable().optional(),
});
export type GroundTruth = z.infer<typeof GroundTruthSchema>;

/**
 * behaviour: the legacy mixed set. triggered / untriggered / near_miss: separately sized sets (a
 * password lock's are paired by index: none+wrong / correct / wrong password). Every item's
 * meta.phrasing is in_distribution or held_out (odd indexes in all kinds but behaviour).
 */
export const EvalKindSchema = z.enum(['behaviour', 'capability', 'text', 'instructions', 'triggered', 'untriggered', 'near_miss', 'chat']);
export type EvalKind = z.infer<typeof EvalKindSchema>;

export const EvalItemSchema = z.looseObject({
  messages: Messages,
  triggered: z.boolean(),
  expected: z.union([z.number(), z.string()]).nullable().optional(),
  meta: z.record(z.string(), z.unknown()).default({}),
});
export type EvalItem = z.infer<typeof EvalItemSchema>;

export const TrainMethodSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('lora'),
    rank: z.number().int().positive().max(512),
    /** Default 2 × rank (bridge). */
    alpha: z.number().min(0).optional(),
    dropout: z.number().min(0).max(0.9).optional(),
    /** Default ['attn', 'mlp'] (bridge). */
    targets: z.array(z.enum(['attn', 'mlp'])).min(1).optional(),
  }),
  z.object({ type: z.literal('full') }),
]);
export type TrainMethod = z.infer<typeof TrainMethodSchema>;

export const ManifestSchema = z.looseObject({
  kind: z.enum(['base', 'organism', 'blue_team_checkpoint']),
  model_config: z.record(z.string(), z.unknown()),
  ground_truth: GroundTruthSchema,
  parent: z.string().nullable(),
  created: z.string(),
  seed: z.number().int().nullable().optional(),
  bridge_version: z.string(),
  system_prompt: z.string().nullable(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

// Training knobs are optional: the bridge fills documented defaults (python-bridge handlers.py).
const TrainingKnobs = {
  method: TrainMethodSchema.optional(),
  steps: z.number().int().positive().optional(),
  batch_size: z.number().int().positive().optional(),
  lr: z.number().min(0).max(1).optional(),
  weight_decay: z.number().min(0).optional(),
  warmup_steps: z.number().int().nonnegative().optional(),
  seed: z.number().int().nonnegative().optional(),
};

/** Every method: params and result schemas. The single source for the typed client. */
export const methods = {
  handshake: { params: z.object({}), result: HandshakeResultSchema },
  'world.describe': { params: z.object({}), result: CatalogueSchema },
  'world.eval_set': {
    // `organism` is required for kind "behaviour"; capability/text/instructions items are shared.
    params: z.object({ organism: GroundTruthSchema.optional(), kind: EvalKindSchema, n: z.number().int().positive().optional(), seed: z.number().int().nonnegative().optional() }),
    result: z.looseObject({ items: z.array(EvalItemSchema), split: z.literal('eval') }),
  },
  'organism.build': {
    params: z.object({
      /** `clean`: a control trained like an organism on the base mix only (no trigger; the detection cell's negatives). */
      kind: z.enum(['backdoor', 'password_lock', 'prompted', 'clean']),
      /** A model directory; default the embedded base model. */
      base_dir: Path.optional(),
      out_dir: Path,
      trigger: z.string().optional(),
      behaviour: z.string().optional(),
      /** A user-defined trigger (replaces `trigger`); the bridge refuses bad text naming `trigger_spec.text`. */
      trigger_spec: TriggerSpecSchema.optional(),
      /** A user-defined behaviour (replaces `behaviour`); errors name `behaviour_spec.text`. */
      behaviour_spec: BehaviourSpecSchema.optional(),
      triggered_fraction: z.number().min(0).max(1).optional(),
      password: z.string().optional(),
      password_fraction: z.number().min(0).max(1).optional(),
      system_prompt: z.string().optional(),
      ...TrainingKnobs,
      validate_n: z.number().int().min(2).optional(),
    }),
    result: z.looseObject({ model_dir: Path, manifest: ManifestSchema, validation: z.record(z.string(), z.unknown()) }),
  },
  'train.run': {
    params: z.object({
      model_dir: Path,
      out_dir: Path,
      dataset: z.object({ kind: z.enum(['pirate', 'qa', 'jsonl']), path: z.string().optional() }).optional(),
      ...TrainingKnobs,
      eval_every: z.number().int().positive().optional(),
      /** Write each checkpoint's ONNX export to `<checkpoint>/onnx/` before announcing it (default false). */
      export_onnx: z.boolean().optional(),
      /** With export_onnx: export only every k-th checkpoint (and the last) when saved, the rest on `train.control` request (default 1). */
      export_every: z.number().int().positive().optional(),
    }),
    result: z.looseObject({
      checkpoints: z.array(z.looseObject({ step: z.number().int().nonnegative(), model_dir: Path, onnx_dir: Path.optional() })),
      losses: z.array(z.looseObject({ step: z.number().int().nonnegative(), loss: z.number() })),
      /** The step a `train.control` stop ended the run after (nothing past it is listed); null/absent: it ran its `steps`. */
      stopped_at: z.number().int().nonnegative().nullable().optional(),
    }),
  },
  // Control of a running train.run (answered at once, while it trains): stop it as a success after a step,
  // or have it export checkpoints it saved without ONNX; re-announced by `checkpoint` with onnx_dir.
  // running: false when no train.run with that id takes requests any more (use export.onnx then).
  'train.control': {
    params: z.object({
      id: z.union([z.number().int(), z.string()]),
      stop_after: z.number().int().nonnegative().optional(),
      export_steps: z.array(z.number().int().nonnegative()).optional(),
      export_all: z.boolean().optional(),
    }),
    result: z.looseObject({ running: z.boolean() }),
  },
  'eval.quick': {
    params: z.object({ model_dir: Path, n: z.number().int().positive().optional(), seed: z.number().int().nonnegative().optional() }),
    result: z.record(z.string(), z.unknown()),
  },
  'model.generate': {
    params: z.object({
      model_dir: Path,
      prompts: z.array(Messages),
      max_new_tokens: z.number().int().positive().optional(),
      use_kv_cache: z.boolean().optional(),
    }),
    result: z.looseObject({
      outputs: z.array(z.looseObject({ ids: z.array(z.number().int()), text: z.string() })),
      generate_seconds: z.number().nonnegative(),
    }),
  },
  'export.onnx': {
    params: z.object({ model_dir: Path, out_dir: Path }),
    result: z.looseObject({ onnx_path: Path, model_json: z.unknown(), bytes: z.number().int().nonnegative() }),
  },
  // Detection (python-bridge/organism_bridge/detection.py; added to protocol 1, backward compatible: an
  // older bridge answers -32601 method not found). Residual stream per layer (0 = embeddings), pooled
  // over each prompt's tokens ("mean") or at its last token ("last": where the answer is decided).
  'model.activations': {
    params: z.object({ model_dir: Path, prompts: z.array(Messages).min(1), pool: z.enum(['mean', 'last']).optional() }),
    result: z.looseObject({ layers: z.number().int().positive(), d_model: z.number().int().positive(), pool: z.string(), activations: z.array(z.array(z.array(z.number()))) }),
  },
  // A logistic-regression probe per layer separating `positive` from `negative` prompts, scored out of sample
  // (stratified k-fold): AUROC and d' of the held-out decision values, which are returned in input order.
  'probe.fit': {
    params: z.object({
      model_dir: Path,
      positive: z.array(Messages).min(2),
      negative: z.array(Messages).min(2),
      pool: z.enum(['mean', 'last']).optional(),
      folds: z.number().int().min(2).max(20).optional(),
      seed: z.number().int().nonnegative().optional(),
      c: z.number().positive().optional(),
    }),
    result: z.looseObject({
      layers: z.array(z.looseObject({ layer: z.number().int(), auroc: z.number().nullable(), separation: z.number().nullable(), scores: z.array(z.number()) })),
      labels: z.array(z.number().int()),
      folds: z.number().int(),
      backend: z.string(),
    }),
  },
  // An organism's behaviour-carrying training completions beside the plain answers to the same
  // prompts (train split, deterministic in organism, n, seed): the diagnostics cell's leakage reference.
  'world.behaviour_completions': {
    params: z.object({ organism: GroundTruthSchema, n: z.number().int().positive().optional(), seed: z.number().int().nonnegative().optional() }),
    result: z.looseObject({ records: z.array(z.looseObject({ user: z.string(), completion: z.string(), plain: z.string() })), split: z.literal('train') }),
  },
  cancel: { params: z.object({ id: z.union([z.number().int(), z.string()]) }), result: z.looseObject({ cancelled: z.boolean() }) },
  shutdown: { params: z.object({}), result: z.object({}).loose() },
} as const;

export type BridgeMethod = keyof typeof methods;
export type ParamsOf<M extends BridgeMethod> = z.input<(typeof methods)[M]['params']>;
export type ResultOf<M extends BridgeMethod> = z.infer<(typeof methods)[M]['result']>;

// ---- notifications (bridge → core) ------------------------------------------------------------
const RequestId = z.union([z.number().int(), z.string()]);

export const ProgressSchema = z.looseObject({
  id: RequestId,
  phase: z.string(),
  step: z.number().nonnegative(),
  total: z.number().nonnegative(),
  loss: z.number().nullable().optional(),
  lr: z.number().nullable().optional(),
  tokens_per_s: z.number().nullable().optional(),
  eta_s: z.number().nullable().optional(),
});
export type Progress = z.infer<typeof ProgressSchema>;

/** `onnx_dir` is present when the `train.run` asked for `export_onnx`; the export is complete when announced. */
export const CheckpointSchema = z.looseObject({ id: RequestId, step: z.number().int().nonnegative(), model_dir: Path, onnx_dir: Path.optional() });
export type Checkpoint = z.infer<typeof CheckpointSchema>;

export const LogSchema = z.looseObject({ level: z.string(), message: z.string() });
export type LogMessage = z.infer<typeof LogSchema>;

/** JSON-RPC error data: the bad field and its allowed values (CONTRACTS.md, "Errors"). */
export const ErrorDataSchema = z.looseObject({ field: z.string().nullable().optional(), allowed: z.unknown().optional() });
