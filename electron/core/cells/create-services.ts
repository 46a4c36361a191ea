// The real StudyServices: the Python bridge client for training/export/eval sets, and the ONNX
// inference worker for generation and scoring. The caller owns their lifetime (`dispose`).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BridgeClient, type BridgeClientOptions } from '../bridge/index.js';
import { CatalogueSchema, type Catalogue } from '../bridge/protocol.js';
import { InferenceClient } from '../inference/inference-client.js';
import { CharTokenizer, type ChatMessage } from '../inference/tokenizer.js';
import type { AnswerScore, StudyServices } from './services.js';

export interface RealServices extends StudyServices {
  bridgeClient: BridgeClient;
  inferenceClient: InferenceClient;
  dispose(): Promise<void>;
}

/**
 * The world catalogue without starting Python: assets/world/catalogue.json is the bridge's own
 * world.describe written to disk (tests/bridge/test_protocol.py keeps them equal), so opening a
 * notebook never waits for, or competes with, the bridge's start (import torch: seconds of CPU).
 * The bridge is asked only when the file is missing.
 */
async function catalogueFromAssets(appRoot: string, ask: () => Promise<Catalogue>): Promise<Catalogue> {
  const file = path.join(appRoot, 'assets', 'world', 'catalogue.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return ask();
  }
  const invalid = (why: string): Error => new Error(`${file} is not a world catalogue (${why}); reinstall the app or restore the file from the repository.`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid((error as Error).message);
  }
  const parsed = CatalogueSchema.safeParse(json);
  if (!parsed.success) throw invalid(parsed.error.issues[0]?.message ?? 'invalid');
  return parsed.data;
}

export function createStudyServices(options: { appRoot: string; bridge?: BridgeClientOptions }): RealServices {
  const bridgeClient = new BridgeClient(options.bridge ?? {});
  const inferenceClient = new InferenceClient();
  const baseModelDir = path.join(options.appRoot, 'assets', 'models', 'base');
  let catalogue: Promise<Catalogue> | null = null;
  /** Each export's own tokenizer.json (an export dir always has one), read once. */
  const tokenizers = new Map<string, CharTokenizer>();
  const tokenizerOf = (exportDir: string): CharTokenizer => {
    let tokenizer = tokenizers.get(exportDir);
    if (!tokenizer) {
      tokenizer = CharTokenizer.fromFile(path.join(exportDir, 'tokenizer.json'));
      tokenizers.set(exportDir, tokenizer);
    }
    return tokenizer;
  };

  /** Per conversation: the nll and token count of its final (assistant) message, <|end|> included. */
  const answerScores = async (exportDir: string, conversations: ChatMessage[][], signal?: AbortSignal): Promise<AnswerScore[]> => {
    const tokenizer = tokenizerOf(exportDir);
    const sequences: number[][] = [];
    const scoreFrom: number[] = [];
    for (const messages of conversations) {
      const prompt = tokenizer.encodeChat(messages.slice(0, -1), true);
      sequences.push(tokenizer.encodeChat(messages, false));
      scoreFrom.push(Math.max(1, prompt.length));
    }
    const { scores } = await inferenceClient.score({ modelDir: exportDir, sequences, scoreFrom }, { signal });
    return scores.map((s) => ({ nll: s.nll, tokens: s.tokens }));
  };

  return {
    bridgeClient,
    inferenceClient,
    baseModelDir,
    bridge: bridgeClient,
    catalogue() {
      catalogue ??= catalogueFromAssets(options.appRoot, () => bridgeClient.call('world.describe', {})).catch((error: unknown) => {
        catalogue = null; // a failed start must not poison later calls
        throw error;
      });
      return catalogue;
    },
    inference: {
      async generate(exportDir, prompts, { maxNewTokens, sampling, signal }) {
        const result = await inferenceClient.generate({ modelDir: exportDir, prompts, maxNewTokens, batchSize: 64, ...(sampling ? { sampling } : {}) }, { signal });
        return result.outputs.map((o) => o.text);
      },
      async answerNll(exportDir: string, conversations: ChatMessage[][], signal?: AbortSignal) {
        const scores = await answerScores(exportDir, conversations, signal);
        // Each score's `nll` is a sum over its tokens: the corpus mean is total nll over total tokens.
        const tokens = scores.reduce((a, s) => a + s.tokens, 0);
        const nll = scores.reduce((a, s) => a + s.nll, 0);
        if (tokens === 0) throw new Error('No answer tokens to score for perplexity; the eval texts are empty.');
        return nll / tokens;
      },
      answerScores,
      async release(exportDir: string) {
        tokenizers.delete(exportDir);
        return inferenceClient.release(exportDir);
      },
      logits: (exportDir: string, inputIds: number[][], signal?: AbortSignal) => inferenceClient.logits({ modelDir: exportDir, inputIds }, { signal }),
    },
    async dispose() {
      await Promise.allSettled([bridgeClient.shutdown(), inferenceClient.close()]);
    },
  };
}
