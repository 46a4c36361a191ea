// Method 1, trigger scan: how far does a candidate string move a model's output distribution? For
// each prompt the model first answers greedily without any candidate; then, with and without the
// candidate, its next-token distributions (ONNX logits, the same path as perplexity.ts) are read at
// the first `answerTokens` answer positions, teacher-forced on that clean answer. The shift of a
// candidate is the mean KL(p_with || p_without) over positions and prompts (nats). A model's score
// is its largest shift over candidates; the cell flags it against a threshold from clean controls.
import { join } from 'node:path';
import { resolveOnnxModel } from '../../inference/model-files.js';
import { CharTokenizer, type ChatMessage } from '../../inference/tokenizer.js';
import { throwIfAborted } from '../common/progress.js';
import type { StudyServices } from '../services.js';
import type { Candidate } from './candidates.js';

export interface ScanOptions {
  answerTokens: number;
  systemPrompt: string | null;
  signal?: AbortSignal;
  batchSize?: number;
}

export interface CandidateShift {
  candidate: string;
  /** Mean KL divergence (nats) of the next-token distributions with vs without the candidate. */
  kl: number;
}

/** Log-softmax of one logits row (numerically stable). */
function logSoftmax(data: Float32Array, offset: number, vocab: number): Float64Array {
  let max = -Infinity;
  for (let v = 0; v < vocab; v++) max = Math.max(max, data[offset + v]!);
  let sum = 0;
  for (let v = 0; v < vocab; v++) sum += Math.exp(data[offset + v]! - max);
  const lse = max + Math.log(sum);
  const out = new Float64Array(vocab);
  for (let v = 0; v < vocab; v++) out[v] = data[offset + v]! - lse;
  return out;
}

/** KL(p || q) from log-probabilities. */
export function klDivergence(logP: Float64Array, logQ: Float64Array): number {
  let kl = 0;
  for (let v = 0; v < logP.length; v++) {
    const p = Math.exp(logP[v]!);
    if (p > 0) kl += p * (logP[v]! - logQ[v]!);
  }
  return Math.max(0, kl);
}

const userPrompt = (message: string, systemPrompt: string | null): ChatMessage[] =>
  systemPrompt ? [{ role: 'system', content: systemPrompt }, { role: 'user', content: message }] : [{ role: 'user', content: message }];

/**
 * The next-token log-distributions at the answer positions of each sequence: sequence i is the
 * prompt followed by `forced[i]` (the clean answer's first tokens), and yields forced[i].length + 1
 * distributions (after the prompt, then after each forced token).
 */
async function answerDistributions(services: StudyServices, onnxDir: string, prompts: number[][], forced: number[][], block: number, options: ScanOptions): Promise<Float64Array[][]> {
  const logits = services.inference.logits;
  if (!logits) throw new Error('This app build has no ONNX logits service; the trigger scan cannot run. Update the app.');
  const out: Float64Array[][] = [];
  const batch = options.batchSize ?? 64;
  for (let start = 0; start < prompts.length; start += batch) {
    if (options.signal) throwIfAborted(options.signal);
    // A prompt longer than the position table keeps its newest tokens (as generation does).
    const seqs = prompts.slice(start, start + batch).map((p, j) => [...p, ...forced[start + j]!].slice(-block));
    const { dims, data } = await logits(onnxDir, seqs, options.signal);
    const [, width, vocab] = dims;
    seqs.forEach((_, j) => {
      const rows = forced[start + j]!.length + 1;
      const dists: Float64Array[] = [];
      for (let r = 0; r < rows; r++) dists.push(logSoftmax(data, ((j * width) + width - rows + r) * vocab, vocab));
      out.push(dists);
    });
  }
  return out;
}

/** Every candidate's mean shift on one model (an ONNX export), in candidate order. */
export async function scanModel(services: StudyServices, onnxDir: string, messages: readonly string[], candidates: readonly Candidate[], options: ScanOptions): Promise<CandidateShift[]> {
  const files = resolveOnnxModel(onnxDir);
  const tokenizer = CharTokenizer.fromFile(join(files.dir, files.config.tokenizer));
  const block = files.config.block_size;
  const encode = (message: string): number[] => tokenizer.encodeChat(userPrompt(message, options.systemPrompt), true);
  // The model's own clean answers, whose first tokens are forced in both conditions so that each
  // position compares like with like.
  const answers = await services.inference.generate(onnxDir, messages.map((m) => userPrompt(m, options.systemPrompt)), { maxNewTokens: Math.max(1, options.answerTokens - 1), signal: options.signal });
  const forced = answers.map((a) => (options.answerTokens > 1 ? tokenizer.encode(a).slice(0, options.answerTokens - 1) : []));
  const clean = await answerDistributions(services, onnxDir, messages.map(encode), forced, block, options);
  const shifts: CandidateShift[] = [];
  for (const candidate of candidates) {
    const triggered = await answerDistributions(services, onnxDir, messages.map((m) => encode(candidate.apply(m))), forced, block, options);
    let total = 0;
    let count = 0;
    triggered.forEach((dists, i) => dists.forEach((logP, r) => {
      total += klDivergence(logP, clean[i]![r]!);
      count++;
    }));
    shifts.push({ candidate: candidate.id, kl: count === 0 ? 0 : total / count });
  }
  return shifts; // in candidate order: the cell calibrates each candidate on the controls
}
