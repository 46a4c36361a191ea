// items.jsonl of a diagnostics cell: one line per prompt per model (what was asked, what came back,
// how it was scored) and one per scored text (its nll), so every count can be recounted by hand.
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { EvalItem } from '../../bridge/protocol.js';
import type { Answers, BenignScores, SharedSets } from './compare.js';

export async function writeRecords(file: string, sets: SharedSets & { text: EvalItem[] }, answers: Answers, scores: BenignScores, context: Record<string, unknown>): Promise<void> {
  const lines: Array<Record<string, unknown>> = [];
  const benign = (set: 'instructions' | 'chat', offset: number): void => {
    answers[set].forEach((answer, index) => {
      const item = sets[set][index];
      const leak = scores.leak[offset + index];
      lines.push({
        set,
        index,
        messages: item?.messages ?? [],
        expected: item?.expected ?? null,
        answer,
        correct: scores.correct[set][index],
        garbage: scores.garbage[offset + index] ?? null,
        ...(leak ? { leak: leak.leak, sharedGrams: leak.shared, behaviourShown: leak.behaviour } : { leak: null }),
        phrasing: item?.meta['phrasing'] ?? null,
      });
    });
  };
  benign('instructions', 0);
  benign('chat', answers.instructions.length);
  answers.arithmetic?.forEach((answer, index) => {
    const item = sets.arithmetic[index];
    lines.push({ set: 'arithmetic', index, messages: item?.messages ?? [], expected: item?.expected ?? null, answer, correct: scores.correct.arithmetic?.[index] ?? null, phrasing: item?.meta['phrasing'] ?? null });
  });
  answers.text.forEach((s, index) => lines.push({ set: 'text', index, messages: sets.text[index]?.messages ?? [], nll: s.nll, characters: s.tokens }));
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, lines.map((l) => `${JSON.stringify({ ...context, ...l })}\n`).join(''));
}
