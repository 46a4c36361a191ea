// User-defined organisms in the organism cell (issue 13 item 6): `trigger: 'custom'` with the text the
// user typed and where it goes, `behaviour: 'custom'` with a fixed response text. The bridge validates
// the texts against the world (markers of the chat template, prompts that already contain the
// trigger, responses the base model already gives) and answers with errors naming
// `trigger_spec.text` etc.; here they are renamed to the cell's own config fields, which is what the
// researcher sees in the form.
import { CUSTOM, type CustomConfig } from '../../../shared/cell-configs/organism.js';
import { BridgeRequestError } from '../../bridge/errors.js';
import { fieldLabel } from '../../../shared/cell-configs/field-labels.js';

export { CUSTOM, checkCustomOrganism, customOrganismFields } from '../../../shared/cell-configs/organism.js';

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

/** A bridge refusal of a custom trigger/behaviour, re-worded to name the form's field ("Trigger text ..."). */
export function renameCustomFieldError(error: unknown): unknown {
  if (!(error instanceof BridgeRequestError) || !error.field || !(error.field in CONFIG_FIELD)) return error;
  const field = CONFIG_FIELD[error.field]!;
  const problem = error.message.replace(/^.*?invalid params: /, '').replace(`'${error.field}'`, '').trim();
  // Named as the form names it ("Trigger text ..."), the field itself kept for code that needs it.
  return new BridgeRequestError(error.method, error.code, `${fieldLabel('organism', [field])} ${problem}`, field, error.allowed, error.data);
}
