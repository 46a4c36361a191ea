// Perplexity on held-out text (world.eval_set kind "text"), from ONNX logits. The same definition
// as the bridge's eval.quick: exp(mean negative log-likelihood of the final assistant answer's
// tokens and its <|end|>), over all items; a conversation longer than block_size + 1 tokens loses
// its oldest prompt tokens (python-bridge batching.py).
import { join } from 'node:path';
import type { EvalItem } from '../bridge/protocol.js';
import type { InferenceClient } from '../inference/inference-client.js';
import { resolveOnnxModel } from '../inference/model-files.js';
import { CharTokenizer, TOKEN } from '../inference/tokenizer.js';

export interface PerplexityResult {
  perplexity: number;
  /** Answer tokens scored (the denominator). */
  tokens: number;
  /** Items scored. */
  n: number;
  /** Mean negative log-likelihood per token (nats). */
  meanNll: number;
}

export async function perplexity(
  inference: InferenceClient,
  onnxDir: string,
  items: readonly EvalItem[],
  options: { signal?: AbortSignal; batchSize?: number } = {},
): Promise<PerplexityResult> {
  if (items.length === 0) throw new Error('Perplexity needs at least one text item (world.eval_set kind "text").');
  const files = resolveOnnxModel(onnxDir);
  const tokenizer = CharTokenizer.fromFile(join(files.dir, files.config.tokenizer));
  const block = files.config.block_size;
  const sequences: number[][] = [];
  const scoreFrom: number[] = [];
  items.forEach((item, i) => {
    const last = item.messages[item.messages.length - 1];
    if (!last || last.role !== 'assistant') {
      throw new Error(`Text item ${i} must end with the assistant's answer to score; use world.eval_set kind "text".`);
    }
    const prompt = tokenizer.encodeChat(item.messages.slice(0, -1), true);
    let ids = [...prompt, ...tokenizer.encode(last.content), TOKEN.end];
    let from = prompt.length;
    if (ids.length > block + 1) {
      const cut = ids.length - (block + 1);
      ids = ids.slice(cut);
      from = Math.max(1, from - cut);
    }
    sequences.push(ids);
    scoreFrom.push(Math.max(1, from));
  });
  const { scores } = await inference.score({ modelDir: onnxDir, sequences, scoreFrom, batchSize: options.batchSize ?? 32 }, { signal: options.signal });
  const nll = scores.reduce((s, x) => s + x.nll, 0);
  const tokens = scores.reduce((s, x) => s + x.tokens, 0);
  const meanNll = nll / Math.max(tokens, 1);
  return { perplexity: Math.exp(meanNll), tokens, n: items.length, meanNll };
}
