// `sample` cell: one prompt, answered side by side by every model of the input cells, with and
// without the organism's trigger; the renderer highlights the trigger and the detected behaviour.
import { z } from 'zod';
import type { CellKindDefinition } from '../../engine/types.js';
import { detect, parseDetector } from '../../eval/detectors.js';
import type { ChatMessage } from '../../inference/tokenizer.js';
import { behaviourDetector } from '../common/evaluation.js';
import { modelRefsOf } from '../common/model-refs.js';
import { inputList } from '../common/results.js';
import type { StudyServices } from '../services.js';

export const SampleConfigSchema = z
  .object({
    prompt: z.string().min(1).default('What is 23+19?'),
    /** Also ask with the organism's trigger (or password) applied. */
    withTrigger: z.boolean().default(true),
    maxNewTokens: z.number().int().positive().max(512).default(60),
  })
  .strict();
export type SampleConfig = z.infer<typeof SampleConfigSchema>;

export interface SampleAnswer {
  label: string;
  cellName: string;
  triggered: boolean;
  prompt: string;
  trigger: string | null;
  answer: string;
  behaviourShown: boolean;
}

export const sampleCell: CellKindDefinition<SampleConfig, StudyServices> = {
  kind: 'sample',
  runnerVersion: '1',
  configSchema: SampleConfigSchema,
  async run(ctx) {
    const { config, services, signal } = ctx;
    const catalogue = await services.catalogue();
    const refs = inputList(ctx.inputs.models, 'models').flatMap(modelRefsOf);
    const jobs: Array<Omit<SampleAnswer, 'answer' | 'behaviourShown'> & { messages: ChatMessage[]; onnxDir: string; detector: ReturnType<typeof parseDetector> | null }> = [];
    for (const ref of refs) {
      const gt = ref.groundTruth;
      const triggerDef = catalogue.triggers.find((t) => t.id === gt.trigger);
      const triggerText = gt.kind === 'password_lock' ? (gt.password ?? null) : (triggerDef?.example?.replace('What is 12+30?', '').trim() ?? null);
      const variants: Array<{ triggered: boolean; prompt: string }> = [{ triggered: false, prompt: config.prompt }];
      if (config.withTrigger && triggerText) {
        const applied = triggerDef?.example?.includes('What is 12+30?') ? (triggerDef.example ?? '').replace('What is 12+30?', config.prompt) : `${triggerText} ${config.prompt}`;
        variants.push({ triggered: true, prompt: gt.kind === 'password_lock' ? `${triggerText} ${config.prompt}` : applied });
      }
      let detector = null;
      try {
        detector = gt.kind === 'base' ? null : behaviourDetector(catalogue, gt);
      } catch {
        detector = null;
      }
      for (const v of variants) {
        const messages: ChatMessage[] = [...(ref.systemPrompt ? [{ role: 'system' as const, content: ref.systemPrompt }] : []), { role: 'user', content: v.prompt }];
        jobs.push({ label: ref.label, cellName: ref.cellName, triggered: v.triggered, prompt: v.prompt, trigger: triggerText, messages, onnxDir: ref.onnxDir, detector });
      }
    }
    const answers: SampleAnswer[] = [];
    for (const job of jobs) {
      const [answer = ''] = await services.inference.generate(job.onnxDir, [job.messages], { maxNewTokens: config.maxNewTokens, signal });
      answers.push({
        label: job.label,
        cellName: job.cellName,
        triggered: job.triggered,
        prompt: job.prompt,
        trigger: job.trigger,
        answer,
        behaviourShown: job.detector ? detect(job.detector, { answer }) : false,
      });
    }
    return { summary: { answers: answers.length }, data: { answers } };
  },
};
