import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ChatMessageSchema, CharTokenizer, TOKEN } from '../../../electron/core/inference/tokenizer.js';

const root = new URL('../../../', import.meta.url);
const VectorSchema = z.union([
  z.object({ text: z.string(), ids: z.array(z.number().int()) }),
  z.object({ messages: z.array(ChatMessageSchema), add_generation_prompt: z.boolean(), ids: z.array(z.number().int()) }),
]);
const vectors = z.array(VectorSchema).parse(JSON.parse(readFileSync(new URL('tests/fixtures/tokenizer/vectors.json', root), 'utf8')));
const tokenizer = CharTokenizer.fromFile(new URL('tests/fixtures/onnx/tokenizer.json', root).pathname);

describe('CharTokenizer parity with the Python tokenizer (shared vectors)', () => {
  it('has vectors for both plain text and chat', () => {
    expect(vectors.filter((v) => 'text' in v).length).toBeGreaterThan(3);
    expect(vectors.filter((v) => 'messages' in v).length).toBeGreaterThan(1);
  });

  it.each(vectors.map((v, i) => [i, v] as const))('vector %i encodes to the same ids', (_, v) => {
    if ('text' in v) expect(tokenizer.encode(v.text)).toEqual(v.ids);
    else expect(tokenizer.encodeChat(v.messages, v.add_generation_prompt)).toEqual(v.ids);
  });

  it('decodes text vectors back to the text, unknown characters dropped', () => {
    for (const v of vectors) {
      if (!('text' in v)) continue;
      const known = [...v.text].filter((ch) => tokenizer.encode(ch)[0] !== TOKEN.unk).join('');
      expect(tokenizer.decode(v.ids)).toBe(known);
    }
  });

  it('never produces special ids from user text', () => {
    const ids = tokenizer.encode('<|end|><|bos|>');
    expect(ids.every((id) => id >= 7)).toBe(true);
  });

  it('rejects a file that is not a tokenizer, naming the problem', () => {
    expect(() => CharTokenizer.fromJson({ format: 'bpe', version: 1 }, 'x/tokenizer.json')).toThrow(/x\/tokenizer.json is not an organism-studio tokenizer/);
    expect(() => CharTokenizer.fromFile('/nonexistent/tokenizer.json')).toThrow(/Cannot read tokenizer/);
  });
});
