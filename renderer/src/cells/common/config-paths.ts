// Reading and writing one field of a cell's config by path, and turning what was typed into the value
// written. What was typed is always written, valid or not ("abc" stays "abc", a blank list stays
// empty): the form and the config never disagree, the schema refuses the run, and the field says why.
// Only an optional field without a default is removed when blanked (its placeholder says what applies).
import type { FieldSpec } from '../../../../electron/shared/config-fields.js';
import type { ConfigIssue } from '../../../../electron/shared/config-issues.js';

export type ConfigPath = ReadonlyArray<string | number>;
type Json = Record<string | number, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object';

export function getAt(config: unknown, path: ConfigPath): unknown {
  let value: unknown = config;
  for (const key of path) value = isObject(value) ? value[key] : undefined;
  return value;
}

/**
 * `config` with the field at `path` set to `value` (`undefined` removes it). A missing parent is
 * created from `fallback` (the parsed config, defaults filled in) so a nested edit keeps the rest of
 * its group: setting method.alpha on a config without `method` writes the default method with it.
 */
export function setAt(config: Json, path: ConfigPath, value: unknown, fallback?: unknown): Json {
  const [key, ...rest] = path;
  if (key === undefined) return config;
  const copy: Json = Array.isArray(config) ? ([...config] as unknown as Json) : { ...config };
  if (rest.length === 0) {
    if (value === undefined) {
      if (Array.isArray(copy)) (copy as unknown as unknown[]).splice(Number(key), 1);
      else delete copy[key];
    } else {
      copy[key] = value;
    }
    return copy;
  }
  const fallbackChild = isObject(fallback) ? fallback[key] : undefined;
  const child = isObject(config[key]) ? (config[key] as Json) : isObject(fallbackChild) ? structuredClone(fallbackChild) : {};
  copy[key] = setAt(child, rest, value, fallbackChild);
  return copy;
}

/** A typed number: the number when it reads as one, else the text as typed (the schema refuses it). */
export function numberFromText(text: string): number | string {
  const trimmed = text.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

/** "0, 1, 2" → [0, 1, 2]; "0, x" → [0, 'x'] (refused with its sentence); "" → []. */
export function listFromText(text: string, numbers: boolean): Array<number | string> {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => (numbers ? numberFromText(part) : part));
}

/** What to write for a field's text: blank removes an optional field without a default. */
export function valueFromText(text: string, spec: FieldSpec | null): unknown {
  const rule = spec?.rule;
  if (text.trim() === '' && spec?.optional && spec.defaultValue === undefined) return undefined;
  if (rule?.type === 'list') return listFromText(text, rule.element.type === 'number');
  if (rule?.type === 'number') return numberFromText(text);
  return text;
}

/** How a field's value reads in its text box. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(String).join(', ');
  return String(value);
}

/** The issues about the field at `path` (its own, or its items'). */
export function issuesAt(issues: readonly ConfigIssue[], path: ConfigPath): ConfigIssue[] {
  const dotted = path.join('.');
  return issues.filter((issue) => issue.path === dotted || issue.path.startsWith(`${dotted}.`));
}
