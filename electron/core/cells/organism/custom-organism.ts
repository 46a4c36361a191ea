// User-defined organisms in the organism cell (issue 13 item 6): `trigger: 'custom'` with the text the
// user typed and where it goes, `behaviour: 'custom'` with a fixed response text. The bridge validates
// the texts against the world (markers of the chat template, prompts that already contain the
// trigger, responses the base model already gives) and answers with errors naming
// `trigger_spec.text` etc.; here they are renamed to the cell's own config fields, which is what the
// researcher sees in the form.
import { z } from 'zod';
import { TriggerPositionSchema, type TriggerSpec } from '../../bridge/protocol.js';
import { BridgeRequestError } from '../../bridge/errors.js';

export const CUSTOM = 'custom';

/** Config fields of a user-defined trigger / behaviour (all optional: catalogue organisms omit them). */
export const customOrganismFields = {
  /** With `trigger: 'custom'`: the trigger text, any string (no chat-template markers). */
  trigger_text: z.string().optional(),
  /** With `trigger: 'custom'`: where the text goes in the user's message (default prefix). */
  trigger_position: TriggerPositionSchema.optional(),
  /** With `behaviour: 'custom'`: the fixed response the organism gives when triggered. */
  behaviour_text: z.string().optional(),
};

interface CustomConfig {
  kind: string;
  trigger: string;
  behaviour: string;
  trigger_text?: string | undefined;
  trigger_position?: TriggerSpec['position'];
  behaviour_text?: string | undefined;
}

/** Empty texts are refused here already (the form shows it at once); the rest is the bridge's job. */
export function checkCustomOrganism(config: CustomConfig, ctx: z.RefinementCtx): void {
  if (config.kind === 'password_lock') return;
  if (config.trigger === CUSTOM && !config.trigger_text?.trim()) {
    ctx.addIssue({ code: 'custom', path: ['trigger_text'], message: 'a custom trigger needs its text (it is empty or only spaces)' });
  }
  if (config.behaviour === CUSTOM && !config.behaviour_text?.trim()) {
    ctx.addIssue({ code: 'custom', path: ['behaviour_text'], message: 'a custom behaviour needs its response text (it is empty or only spaces)' });
  }
}

/** organism.build params naming the trigger and behaviour: catalogue ids or specs. */
export function triggerBehaviourParams(config: CustomConfig): Record<string, unknown> {
  return {
    ...(config.trigger === CUSTOM
      ? { trigger_spec: { text: config.trigger_text ?? '', position: config.trigger_position ?? 'prefix' } }
      : { trigger: config.trigger }),
    ...(config.behaviour === CUSTOM ? { behaviour_spec: { type: 'fixed', text: config.behaviour_text ?? '' } } : { behaviour: config.behaviour }),
  };
}

/** Names for labels: the typed texts in quotes, catalogue ids as they are. */
export function triggerBehaviourNames(config: CustomConfig): { trigger: string; behaviour: string } {
  return {
    trigger: config.trigger === CUSTOM ? `"${config.trigger_text ?? ''}" (${config.trigger_position ?? 'prefix'})` : config.trigger,
    behaviour: config.behaviour === CUSTOM ? `"${config.behaviour_text ?? ''}"` : config.behaviour,
  };
}

const CONFIG_FIELD: Record<string, string> = {
  trigger_spec: 'trigger_text',
  'trigger_spec.text': 'trigger_text',
  'trigger_spec.position': 'trigger_position',
  behaviour_spec: 'behaviour_text',
  'behaviour_spec.text': 'behaviour_text',
  'behaviour_spec.behaviour': 'behaviour',
};

/** A bridge refusal of a custom trigger/behaviour, re-worded to name the cell's config field. */
export function renameCustomFieldError(error: unknown): unknown {
  if (!(error instanceof BridgeRequestError) || !error.field || !(error.field in CONFIG_FIELD)) return error;
  const field = CONFIG_FIELD[error.field]!;
  const problem = error.message.replace(/^.*?invalid params: /, '').replace(`'${error.field}'`, '').trim();
  return new BridgeRequestError(error.method, error.code, `invalid params: '${field}' ${problem}`, field, error.allowed, error.data);
}
