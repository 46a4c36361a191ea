// The character tokenizer shared with the Python bridge (format in docs/CONTRACTS.md, "Tokenizer").
// Python and TypeScript must produce identical ids; tests/fixtures/tokenizer/vectors.json checks both.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const SPECIAL_TOKENS = ['<|pad|>', '<|bos|>', '<|system|>', '<|user|>', '<|assistant|>', '<|end|>', '<|unk|>'] as const;
export type SpecialToken = (typeof SPECIAL_TOKENS)[number];

export const TokenizerFileSchema = z.object({
  format: z.literal('organism-studio-char-tokenizer'),
  version: z.literal(1),
  special: z.object({
    '<|pad|>': z.literal(0),
    '<|bos|>': z.literal(1),
    '<|system|>': z.literal(2),
    '<|user|>': z.literal(3),
    '<|assistant|>': z.literal(4),
    '<|end|>': z.literal(5),
    '<|unk|>': z.literal(6),
  }),
  chars: z.array(z.string()),
});
export type TokenizerFile = z.infer<typeof TokenizerFileSchema>;

export const ChatRoleSchema = z.enum(['system', 'user', 'assistant']);
export const ChatMessageSchema = z.object({ role: ChatRoleSchema, content: z.string() });
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

/** Ids of the special tokens (fixed by the contract). */
export const TOKEN = { pad: 0, bos: 1, system: 2, user: 3, assistant: 4, end: 5, unk: 6 } as const;
const FIRST_CHAR_ID = 7;
const ROLE_TOKEN: Record<ChatMessage['role'], number> = { system: TOKEN.system, user: TOKEN.user, assistant: TOKEN.assistant };

export class CharTokenizer {
  readonly vocabSize: number;
  private readonly idOf = new Map<string, number>();
  private readonly chars: readonly string[];

  constructor(file: TokenizerFile) {
    this.chars = file.chars;
    file.chars.forEach((ch, i) => {
      // Code points, not UTF-16 units: a char entry is one code point, as in Python's str.
      if ([...ch].length !== 1) {
        throw new Error(`tokenizer.json: chars[${i}] = ${JSON.stringify(ch)} is not a single character; fix the tokenizer file.`);
      }
      if (this.idOf.has(ch)) throw new Error(`tokenizer.json: character ${JSON.stringify(ch)} appears twice in chars; remove the duplicate.`);
      this.idOf.set(ch, FIRST_CHAR_ID + i);
    });
    this.vocabSize = FIRST_CHAR_ID + file.chars.length;
  }

  /** Parse and validate a tokenizer.json (already read) into a tokenizer. */
  static fromJson(json: unknown, source = 'tokenizer.json'): CharTokenizer {
    const parsed = TokenizerFileSchema.safeParse(json);
    if (!parsed.success) {
      throw new Error(`${source} is not an organism-studio tokenizer: ${z.prettifyError(parsed.error)}. Re-export the model with the bridge.`);
    }
    return new CharTokenizer(parsed.data);
  }

  static fromFile(path: string): CharTokenizer {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`Cannot read tokenizer ${path}: ${(err as Error).message}. Every model and ONNX export directory needs a tokenizer.json.`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new Error(`Tokenizer ${path} is not valid JSON (${(err as Error).message}); re-export the model with the bridge.`);
    }
    return CharTokenizer.fromJson(json, path);
  }

  /** Plain text → ids. Never yields special ids: "<|end|>" in user text is seven characters. */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const ch of text) ids.push(this.idOf.get(ch) ?? TOKEN.unk);
    return ids;
  }

  encodeChat(messages: readonly ChatMessage[], addGenerationPrompt: boolean): number[] {
    const ids: number[] = [TOKEN.bos];
    for (const m of messages) {
      const role = ROLE_TOKEN[m.role];
      if (role === undefined) throw new Error(`Unknown chat role ${JSON.stringify(m.role)}; use system, user or assistant.`);
      ids.push(role, ...this.encode(m.content), TOKEN.end);
    }
    if (addGenerationPrompt) ids.push(TOKEN.assistant);
    return ids;
  }

  /** Ids → text, dropping special ids (and ids outside the vocabulary). */
  decode(ids: Iterable<number>): string {
    let out = '';
    for (const id of ids) {
      if (id < FIRST_CHAR_ID) continue;
      const ch = this.chars[id - FIRST_CHAR_ID];
      if (ch !== undefined) out += ch;
    }
    return out;
  }
}
