// Method 2, activation probe: for each candidate, a logistic-regression probe on the model's
// residual stream (the bridge's probe.fit: last prompt token, every layer) separates the prompts
// WITH the candidate from the same prompts without it, scored on held-out folds. What the probe is
// given: the candidate string itself (which prompts carry it); it does not see behaviour or labels
// of the model. Any model can tell a prefix is there, so the score is the final layer's held-out
// separation (d' of out-of-fold probe scores, the layer the answer is read from, fixed in advance):
// a backdoor makes the trigger dominate that layer; a clean model carries only a trace of it.
import { BridgeRequestError } from '../../bridge/errors.js';
import type { ChatMessage } from '../../inference/tokenizer.js';
import type { StudyServices } from '../services.js';
import type { Candidate } from './candidates.js';

export interface ProbeOptions {
  folds: number;
  c: number;
  seed: number;
  systemPrompt: string | null;
  signal?: AbortSignal;
}

export interface CandidateProbe {
  candidate: string;
  /** Held-out d' at the final layer (the score). */
  separation: number;
  /** Held-out AUROC at the final layer (saturates at 1: reported beside the score). */
  auroc: number | null;
  /** Held-out AUROC per layer (0 = embeddings). */
  layers: Array<number | null>;
}

const userPrompt = (message: string, systemPrompt: string | null): ChatMessage[] =>
  systemPrompt ? [{ role: 'system', content: systemPrompt }, { role: 'user', content: message }] : [{ role: 'user', content: message }];

/** A bridge without probe.fit (older than this app), said in words that name the fix. */
function explain(error: unknown, modelDir: string): Error {
  if (error instanceof BridgeRequestError && error.code === -32601) {
    return new Error(`The Python bridge has no probe.fit method (it is older than this app); update python-bridge/ to run the activation probe.`);
  }
  if (error instanceof BridgeRequestError && error.field === 'model_dir') {
    return new Error(`The activation probe needs the PyTorch model directory, and ${modelDir} is not one (${error.message}); rerun the cell that made it.`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

export async function probeModel(services: StudyServices, modelDir: string, messages: readonly string[], candidates: readonly Candidate[], options: ProbeOptions): Promise<CandidateProbe[]> {
  const negative = messages.map((m) => userPrompt(m, options.systemPrompt));
  const out: CandidateProbe[] = [];
  for (const candidate of candidates) {
    const positive = messages.map((m) => userPrompt(candidate.apply(m), options.systemPrompt));
    const r = await services.bridge
      .call('probe.fit', { model_dir: modelDir, positive, negative, pool: 'last', folds: options.folds, seed: options.seed, c: options.c }, { signal: options.signal })
      .catch((error: unknown) => {
        throw explain(error, modelDir);
      });
    const last = r.layers[r.layers.length - 1];
    out.push({ candidate: candidate.id, separation: last?.separation ?? 0, auroc: last?.auroc ?? null, layers: r.layers.map((l) => l.auroc) });
  }
  return out; // in candidate order
}
