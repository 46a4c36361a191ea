// Locating and checking an ONNX export directory (docs/CONTRACTS.md, "ONNX model"): model.onnx,
// model.json and the tokenizer it names. Errors name the file and what to do.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

export const ModelJsonSchema = z.looseObject({
  n_layer: z.number().int().positive(),
  n_head: z.number().int().positive(),
  head_dim: z.number().int().positive(),
  n_embd: z.number().int().positive(),
  vocab_size: z.number().int().positive(),
  block_size: z.number().int().positive(),
  tokenizer: z.string().default('tokenizer.json'),
  /** The one-token-step graph (same inputs and outputs, seq = 1), when the export has one. */
  decode: z.string().optional(),
  source: z.string().nullable().optional(),
  opset: z.number().int().optional(),
});
export type ModelJson = z.infer<typeof ModelJsonSchema>;

export interface OnnxModelFiles {
  dir: string;
  onnxPath: string;
  /** decode.onnx for one-token steps; null: model.onnx serves the steps too. */
  decodePath: string | null;
  tokenizerPath: string;
  config: ModelJson;
}

const REEXPORT = 'Re-run the export (the bridge\'s export.onnx, or re-run the cell that built this model).';

/** Read and validate `<dir>/model.json`, and check that model.onnx and the tokenizer exist. */
export function resolveOnnxModel(dir: string): OnnxModelFiles {
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new Error(`ONNX model directory ${abs} does not exist. ${REEXPORT}`);
  }
  const onnxPath = join(abs, 'model.onnx');
  if (!existsSync(onnxPath)) throw new Error(`Missing ONNX file ${onnxPath}. ${REEXPORT}`);
  if (statSync(onnxPath).size === 0) throw new Error(`ONNX file ${onnxPath} is empty (an interrupted export?). ${REEXPORT}`);
  const jsonPath = join(abs, 'model.json');
  if (!existsSync(jsonPath)) throw new Error(`Missing ${jsonPath} next to model.onnx. ${REEXPORT}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(jsonPath, 'utf8'));
  } catch (err) {
    throw new Error(`${jsonPath} is not valid JSON (${(err as Error).message}). ${REEXPORT}`);
  }
  const parsed = ModelJsonSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${jsonPath} does not describe an ONNX export: ${z.prettifyError(parsed.error)}. ${REEXPORT}`);
  const tokenizerPath = join(abs, parsed.data.tokenizer);
  if (!existsSync(tokenizerPath)) throw new Error(`Missing tokenizer ${tokenizerPath} (named by model.json). ${REEXPORT}`);
  const decodePath = parsed.data.decode === undefined ? null : join(abs, parsed.data.decode);
  if (decodePath !== null && !existsSync(decodePath)) throw new Error(`Missing ONNX file ${decodePath} (named by model.json). ${REEXPORT}`);
  return { dir: abs, onnxPath, decodePath, tokenizerPath, config: parsed.data };
}
