// The one translator from zod issues to sentences a researcher reads: "Steps must be a whole number
// ≥ 1", "Seeds must list at least 1 value", never "steps: Too small: expected number to be >0". The
// core words a refused run with it (engine/staleness.ts) and a refused API request
// (service/studio-errors.ts); the renderer's forms show the same sentence under the field as it is
// typed. Field names come from cell-configs/field-labels.ts, bounds from the schema itself.
import type { z } from 'zod';
import { configSchemaOf } from './cell-configs/index.js';
import { fieldLabel } from './cell-configs/field-labels.js';
import { describeNumberRule, fieldAt, type FieldSpec } from './config-fields.js';

export interface ConfigIssue {
  /** Dotted path of the field ('method.rank', 'seeds.1'); '' for the config as a whole. */
  path: string;
  /** The field's name as the form shows it ("Rank"). */
  label: string;
  /** One sentence naming the field and what it accepts. */
  sentence: string;
}

type Issue = z.core.$ZodIssue;
type Path = ReadonlyArray<PropertyKey>;

export interface IssueWording {
  /** The field's name for a path. */
  labelOf(path: Path): string;
  /** What the field at a path accepts (null: unknown, the issue itself is worded). */
  specOf(path: Path): FieldSpec | null;
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** One issue as a sentence (ending with a full stop). */
export function issueSentence(issue: Issue, wording: IssueWording): string {
  const label = wording.labelOf(issue.path);
  const spec = wording.specOf(issue.path);
  const inList = typeof issue.path.at(-1) === 'number';
  const must = inList ? 'must each be' : 'must be';
  const rule = spec?.rule;
  // A number field is worded from its rule, whatever zod tripped on first (text, NaN, bounds, wholeness).
  if (rule?.type === 'number' && ['invalid_type', 'too_small', 'too_big', 'not_multiple_of'].includes(issue.code)) {
    return `${label} ${must} ${describeNumberRule(rule)}.`;
  }
  switch (issue.code) {
    case 'invalid_type': {
      // zod 4 issues carry no input by default; its message is the one place that says it was absent.
      if (/received undefined$/.test(issue.message)) return `${label} is missing.`;
      const expected: Record<string, string> = { string: 'text', boolean: 'on or off', array: 'a list', object: 'a group of settings', number: 'a number', int: 'a whole number' };
      return `${label} ${must} ${expected[issue.expected] ?? issue.expected}.`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'set') return `${label} must list at least ${plural(min, 'value', 'values')}.`;
      if (issue.origin === 'string') return min <= 1 ? `${label} must not be empty.` : `${label} must be at least ${plural(min, 'character', 'characters')}.`;
      return `${label} ${must} ${issue.inclusive ? '≥' : 'above'} ${min}.`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set') return `${label} can list at most ${plural(max, 'value', 'values')}.`;
      if (issue.origin === 'string') return `${label} can be at most ${plural(max, 'character', 'characters')}.`;
      return `${label} ${must} ${issue.inclusive ? '≤' : 'below'} ${max}.`;
    }
    case 'invalid_value':
      return `${label} must be one of: ${issue.values.map(String).join(', ')}.`;
    case 'invalid_union': {
      const options = rule?.type === 'enum' ? rule.options : null;
      return options ? `${label} must be one of: ${options.join(', ')}.` : `${label} is not one of the accepted forms.`;
    }
    case 'unrecognized_keys': {
      const names = issue.keys.map((key) => `"${key}"`).join(', ');
      const where = issue.path.length > 0 ? ` in ${label}` : '';
      return `${names}${where} ${issue.keys.length === 1 ? 'is not a setting' : 'are not settings'} this cell knows: remove ${issue.keys.length === 1 ? 'it' : 'them'}.`;
    }
    case 'custom':
      // Our own refinements are written as sentences already (they name the field and the fix).
      return `${capitalize(issue.message.trim()).replace(/[.]?$/, '.')}`;
    default:
      return `${label} is not valid.`;
  }
}

export function translateIssues(error: z.ZodError, wording: IssueWording): ConfigIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    label: wording.labelOf(issue.path),
    sentence: issueSentence(issue, wording),
  }));
}

const keysOf = (path: Path): Array<string | number> => path.filter((p): p is string | number => typeof p !== 'symbol');

/** Wording for a cell kind's config: its labels, and what each field accepts read from its schema. */
export function cellWording(kind: string, config?: unknown, schema: z.ZodType | null = configSchemaOf(kind)): IssueWording {
  return {
    labelOf: (path) => fieldLabel(kind, keysOf(path)),
    specOf: (path) => (schema ? fieldAt(schema, keysOf(path), config) : null),
  };
}

/** The problems of a cell's config, as sentences ([] when it is valid or the kind has no schema). */
export function configIssues(kind: string, config: unknown): ConfigIssue[] {
  const schema = configSchemaOf(kind);
  if (!schema) return [];
  const parsed = schema.safeParse(config);
  return parsed.success ? [] : translateIssues(parsed.error, cellWording(kind, config));
}

/** Sentences joined for one line of text (at most `limit`, then how many more). */
export function joinSentences(issues: readonly ConfigIssue[], limit = 4): string {
  const shown = issues.slice(0, limit).map((i) => i.sentence);
  const more = issues.length > limit ? ` (and ${issues.length - limit} more)` : '';
  return `${shown.join(' ')}${more}`;
}
