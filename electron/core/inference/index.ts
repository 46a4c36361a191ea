// Public surface of inference: tokenizer, the worker client, and the message schemas.
export { CharTokenizer, ChatMessageSchema, TOKEN, type ChatMessage } from './tokenizer.js';
export {
  defaultWorkerPath,
  InferenceCancelled,
  InferenceClient,
  InferenceError,
  InferenceWorkerCrashedError,
  type InferenceClientOptions,
  type RequestOptions,
} from './inference-client.js';
export { resolveOnnxModel, type ModelJson, type OnnxModelFiles } from './model-files.js';
export { SamplingOptionsSchema, type SamplingOptions } from './sampling.js';
export type { GenerateParams, GenerateResult, Generation, LogitsResult, Prompt, ScoreResult, SessionOptions } from './worker-protocol.js';
