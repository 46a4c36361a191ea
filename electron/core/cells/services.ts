// What the study cell kinds need from the rest of the core: the Python bridge (training, export,
// eval sets), ONNX generation (evaluation) and a few locations. Cells depend on this interface only;
// `create-services.ts` wires it to the real bridge client and inference worker.
import type { BridgeMethod, Catalogue, Checkpoint, ParamsOf, Progress, ResultOf } from '../bridge/protocol.js';
import type { SamplingOptions } from '../inference/sampling.js';
import type { ChatMessage } from '../inference/tokenizer.js';

export interface BridgeCallOptions {
  signal?: AbortSignal;
  onProgress?(progress: Progress): void;
  onCheckpoint?(checkpoint: Checkpoint): void;
}

export interface SweepOptions {
  signal?: AbortSignal;
  /** The state of every job, as one line for the cell's progress (e.g. "seed 1 job 12_0 RUNNING 40/80 · …"), and how many have ended. */
  onJobs?(line: string, ended: number, total: number): void;
  /** One label per params entry (e.g. "seed 3"), used in that line and in errors. */
  labels?: readonly string[];
}

export interface StudyBridge {
  call<M extends BridgeMethod>(method: M, params: ParamsOf<M>, options?: BridgeCallOptions): Promise<ResultOf<M>>;
  /**
   * Present when the notebook sends sweeps elsewhere (a Slurm job array, compute.slurm): one method
   * for many params at once, results in the same order. Absent: call them one by one.
   */
  callMany?<M extends BridgeMethod>(method: M, params: readonly ParamsOf<M>[], options?: SweepOptions): Promise<ResultOf<M>[]>;
  /**
   * Present when the notebook trains several seeds at once on this machine (compute.parallel > 1): one
   * bridge process per lane, each serving one seed at a time (its train.run, train.control and exports).
   */
  lanes?: readonly StudyBridge[];
}

export interface GenerateOptions {
  maxNewTokens: number;
  /** Default greedy. With sampling, prompt k of a call is seeded from (seed, k). */
  sampling?: SamplingOptions;
  signal?: AbortSignal;
}

/** One scored answer: its summed negative log-likelihood (nats) over `tokens` tokens (its <|end|> included). */
export interface AnswerScore {
  nll: number;
  tokens: number;
}

export interface StudyInference {
  /** Completions of chat prompts (greedy unless `sampling` says otherwise) with an ONNX export directory. */
  generate(exportDir: string, prompts: ChatMessage[][], options: GenerateOptions): Promise<string[]>;
  /** Mean per-token negative log-likelihood of assistant answers (for perplexity), when supported. */
  answerNll?(exportDir: string, conversations: ChatMessage[][], signal?: AbortSignal): Promise<number>;
  /** The same per conversation (summed nll and token count of its answer): intervals over texts need them one by one. */
  answerScores?(exportDir: string, conversations: ChatMessage[][], signal?: AbortSignal): Promise<AnswerScore[]>;
  /**
   * Frees the onnxruntime sessions of an export that is done with (a blue-team checkpoint, evaluated
   * once); a later use loads it again. Resolves with the sessions released (0: none were open).
   */
  release?(exportDir: string): Promise<number>;
  /** Logits of token sequences, left-padded: data is [batch, maxLen, vocab], row b's tokens the last len_b positions (detection). */
  logits?(exportDir: string, inputIds: number[][], signal?: AbortSignal): Promise<{ dims: [number, number, number]; data: Float32Array }>;
}

export interface StudyServices {
  bridge: StudyBridge;
  inference: StudyInference;
  /** The embedded base model directory (assets/models/base). */
  baseModelDir: string;
  /** The world catalogue (cached by the implementation). */
  catalogue(): Promise<Catalogue>;
}
