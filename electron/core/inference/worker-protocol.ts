// Messages between the host (inference-client.ts) and the inference worker (generation-worker.ts).
// Both sides validate with these schemas: a worker is a process boundary in all but name.
import { z } from 'zod';
import { SamplingOptionsSchema } from './sampling.js';
import { ChatMessageSchema } from './tokenizer.js';

const RequestId = z.string().min(1);
const ModelDir = z.string().min(1);

/** A prompt: chat messages (encoded with the generation prompt) or raw token ids. */
export const PromptSchema = z.union([z.array(ChatMessageSchema).min(1), z.object({ ids: z.array(z.number().int().nonnegative()).min(1) })]);
export type Prompt = z.infer<typeof PromptSchema>;

export const GenerateParamsSchema = z.object({
  modelDir: ModelDir,
  prompts: z.array(PromptSchema),
  maxNewTokens: z.number().int().positive().max(4096),
  sampling: SamplingOptionsSchema.default({ temperature: 0, topK: 0, topP: 1, seed: 0 }),
  /** Generation of a prompt stops when its text contains one of these (the text is cut before it). */
  stopSequences: z.array(z.string().min(1)).default([]),
  /** Prompts per onnxruntime batch; larger requests are chunked. */
  batchSize: z.number().int().positive().max(512).default(32),
});
export type GenerateParams = z.input<typeof GenerateParamsSchema>;

export const FinishReasonSchema = z.enum(['end', 'stop', 'length']);
export const GenerationSchema = z.object({
  /** Generated token ids (without the prompt; a final `<|end|>` is not included, as in model.generate). */
  ids: z.array(z.number().int()),
  /** Decoded generated text (special tokens dropped, cut before a stop sequence). */
  text: z.string(),
  finishReason: FinishReasonSchema,
  promptTokens: z.number().int().nonnegative(),
});
export type Generation = z.infer<typeof GenerationSchema>;

export const GenerateResultSchema = z.object({
  outputs: z.array(GenerationSchema),
  stats: z.object({ promptTokens: z.number(), generatedTokens: z.number(), forwardCalls: z.number(), compactions: z.number(), ms: z.number() }),
});
export type GenerateResult = z.infer<typeof GenerateResultSchema>;

export const LogitsParamsSchema = z.object({ modelDir: ModelDir, inputIds: z.array(z.array(z.number().int().nonnegative()).min(1)).min(1) });
export type LogitsParams = z.input<typeof LogitsParamsSchema>;
/** Logits of left-padded sequences: data is [batch, maxLen, vocab]; row b's real tokens are the last len_b positions. */
export const LogitsResultSchema = z.object({ dims: z.tuple([z.number(), z.number(), z.number()]), data: z.instanceof(Float32Array) });
export type LogitsResult = z.infer<typeof LogitsResultSchema>;

export const ScoreParamsSchema = z.object({
  modelDir: ModelDir,
  /** Token ids of each sequence. */
  sequences: z.array(z.array(z.number().int().nonnegative()).min(2)),
  /** Per sequence: index of the first token whose log-probability counts (default 1 = all but the first). */
  scoreFrom: z.array(z.number().int().positive()).optional(),
  batchSize: z.number().int().positive().max(512).default(32),
});
export type ScoreParams = z.input<typeof ScoreParamsSchema>;
export const ScoreResultSchema = z.object({ scores: z.array(z.object({ nll: z.number(), tokens: z.number().int() })) });
export type ScoreResult = z.infer<typeof ScoreResultSchema>;

export const SessionOptionsSchema = z.object({
  /** onnxruntime intra-op threads; 1 measured fastest for the tiny model on 2 shared cores (see bench). */
  intraOpThreads: z.number().int().min(1).max(64).default(1),
  /** Sessions kept open (LRU); models in use are never evicted. */
  maxSessions: z.number().int().min(1).max(64).default(4),
});
export type SessionOptions = z.infer<typeof SessionOptionsSchema>;

export const HostMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('generate'),
    requestId: RequestId,
    params: GenerateParamsSchema,
    /**
     * When the request is one worker's share of a larger one (worker pool): the global index of
     * each prompt in params.prompts, which seeds its sampling. Default: 0, 1, 2, ...
     */
    promptIndices: z.array(z.number().int().nonnegative()).optional(),
  }),
  z.object({ type: z.literal('logits'), requestId: RequestId, params: LogitsParamsSchema }),
  z.object({ type: z.literal('score'), requestId: RequestId, params: ScoreParamsSchema }),
  z.object({ type: z.literal('release'), requestId: RequestId, modelDir: ModelDir.optional() }),
  z.object({ type: z.literal('cancel'), requestId: RequestId }),
  z.object({ type: z.literal('configure'), requestId: RequestId, options: SessionOptionsSchema }),
  /** Throws an uncaught error inside the worker: lets tests prove the host recovers from a crash. */
  z.object({ type: z.literal('crash-for-testing'), requestId: RequestId }),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;

export const WorkerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('result'), requestId: RequestId, result: z.unknown() }),
  z.object({ type: z.literal('error'), requestId: RequestId, name: z.string(), message: z.string() }),
  z.object({ type: z.literal('progress'), requestId: RequestId, done: z.number().int(), total: z.number().int() }),
]);
export type WorkerMessage = z.infer<typeof WorkerMessageSchema>;
