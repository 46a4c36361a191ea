// What a config field accepts, read from the cell's zod schema rather than copied: numbers (whole or
// not, bounds, inclusive or not), booleans, choices, texts, lists of whole numbers, and nested groups.
// The forms draw their fields from it (min/max, "whole number"), the Advanced disclosure lists every
// field with it, and the issue translator (config-issues.ts) words a refusal from it
// ("Steps must be a whole number ≥ 1"). Pure: no Node, no Svelte.
import type { z } from 'zod';

export interface NumberRule {
  type: 'number';
  integer: boolean;
  /** Lower bound, and whether the bound itself is allowed. */
  min?: { value: number; inclusive: boolean };
  max?: { value: number; inclusive: boolean };
}
export type FieldRule =
  | NumberRule
  | { type: 'boolean' }
  | { type: 'string'; minLength?: number }
  | { type: 'enum'; options: string[] }
  | { type: 'list'; element: FieldRule; minItems?: number; maxItems?: number }
  | { type: 'object'; fields: Record<string, FieldSpec> }
  | { type: 'union'; discriminator?: string; options: FieldRule[] }
  | { type: 'other' };

export interface FieldSpec {
  rule: FieldRule;
  /** Leaving the field out is allowed (optional, or a default fills it in). */
  optional: boolean;
  /** The schema's default, when it has one. */
  defaultValue?: unknown;
}

/** The parts of zod's internal definition this module reads (zod 4 `_zod.def`). */
interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  out?: Schema;
  defaultValue?: unknown;
  checks?: Array<{ _zod: { def: Record<string, unknown> } }>;
  entries?: Record<string, string>;
  values?: unknown[];
  element?: Schema;
  shape?: Record<string, Schema>;
  options?: Schema[];
  discriminator?: string;
}
interface Schema {
  _zod: { def: Def };
}
const defOf = (schema: unknown): Def => (schema as Schema)._zod.def;

/** The field spec of a schema: wrappers (optional, default, preprocess...) unwrapped. */
export function fieldSpec(schema: z.ZodType | Schema): FieldSpec {
  let current = schema as Schema;
  let optional = false;
  let defaultValue: unknown;
  for (;;) {
    const def = defOf(current);
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'readonly') {
      optional ||= def.type === 'optional';
      current = def.innerType!;
    } else if (def.type === 'default' || def.type === 'prefault') {
      optional = true;
      if (defaultValue === undefined) defaultValue = typeof def.defaultValue === 'function' ? (def.defaultValue as () => unknown)() : def.defaultValue;
      current = def.innerType!;
    } else if (def.type === 'pipe') {
      // A preprocess (legacy shapes) runs before the real schema: the output side says what is valid.
      current = defOf(def.in).type === 'transform' ? def.out! : def.in!;
    } else {
      break;
    }
  }
  return { rule: ruleOf(current), optional, ...(defaultValue === undefined ? {} : { defaultValue }) };
}

function ruleOf(schema: Schema): FieldRule {
  const def = defOf(schema);
  const checks = (def.checks ?? []).map((c) => c._zod.def);
  switch (def.type) {
    case 'number': {
      const rule: NumberRule = { type: 'number', integer: false };
      for (const c of checks) {
        if (c.check === 'number_format' && String(c.format).includes('int')) rule.integer = true;
        if (c.check === 'greater_than') rule.min = tighter(rule.min, { value: Number(c.value), inclusive: Boolean(c.inclusive) }, 1);
        if (c.check === 'less_than') rule.max = tighter(rule.max, { value: Number(c.value), inclusive: Boolean(c.inclusive) }, -1);
      }
      // A whole number above 0 is a whole number ≥ 1: say it the way people read it.
      if (rule.integer && rule.min && !rule.min.inclusive) rule.min = { value: Math.floor(rule.min.value) + 1, inclusive: true };
      if (rule.integer && rule.max && !rule.max.inclusive) rule.max = { value: Math.ceil(rule.max.value) - 1, inclusive: true };
      return rule;
    }
    case 'boolean':
      return { type: 'boolean' };
    case 'string': {
      const min = checks.find((c) => c.check === 'min_length');
      return min ? { type: 'string', minLength: Number(min.minimum) } : { type: 'string' };
    }
    case 'enum':
      return { type: 'enum', options: Object.values(def.entries ?? {}) };
    case 'literal':
      return { type: 'enum', options: (def.values ?? []).map(String) };
    case 'array': {
      const min = checks.find((c) => c.check === 'min_length');
      const max = checks.find((c) => c.check === 'max_length');
      return {
        type: 'list',
        element: fieldSpec(def.element!).rule,
        ...(min ? { minItems: Number(min.minimum) } : {}),
        ...(max ? { maxItems: Number(max.maximum) } : {}),
      };
    }
    case 'object':
      return { type: 'object', fields: Object.fromEntries(Object.entries(def.shape ?? {}).map(([key, value]) => [key, fieldSpec(value)])) };
    case 'union':
      return { type: 'union', ...(def.discriminator ? { discriminator: def.discriminator } : {}), options: (def.options ?? []).map((o) => fieldSpec(o).rule) };
    default:
      return { type: 'other' };
  }
}

function tighter(
  current: { value: number; inclusive: boolean } | undefined,
  next: { value: number; inclusive: boolean },
  direction: 1 | -1,
): { value: number; inclusive: boolean } {
  if (!current) return next;
  if (direction * (next.value - current.value) > 0) return next;
  if (next.value === current.value && !next.inclusive) return next;
  return current;
}

/**
 * The spec of the field at `path` (e.g. ['method', 'rank']) within a config schema. In a union
 * (LoRA or full weights) the option matching `config` is followed, else the first with the field.
 */
export function fieldAt(schema: z.ZodType, path: ReadonlyArray<string | number>, config?: unknown): FieldSpec | null {
  let spec: FieldSpec = fieldSpec(schema);
  let value: unknown = config;
  for (const key of path) {
    const rule = spec.rule.type === 'union' ? pickOption(spec.rule, value) : spec.rule;
    if (rule?.type === 'object' && typeof key === 'string' && rule.fields[key]) {
      spec = rule.fields[key];
    } else if (rule?.type === 'list' && typeof key === 'number') {
      spec = { rule: rule.element, optional: false };
    } else {
      return null;
    }
    value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
  }
  return spec;
}

function pickOption(rule: Extract<FieldRule, { type: 'union' }>, value: unknown): FieldRule | undefined {
  const tag = rule.discriminator && value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[rule.discriminator] : undefined;
  const objects = rule.options.filter((o): o is Extract<FieldRule, { type: 'object' }> => o.type === 'object');
  const matching = objects.find((o) => {
    const own = rule.discriminator ? o.fields[rule.discriminator]?.rule : undefined;
    return own?.type === 'enum' && own.options.includes(String(tag));
  });
  return matching ?? objects[0];
}

/** "a whole number ≥ 1", "a number between 0 and 1", "a number above 0": what a number field accepts. */
export function describeNumberRule(rule: NumberRule): string {
  const what = rule.integer ? 'a whole number' : 'a number';
  const { min, max } = rule;
  if (min && max && min.inclusive && max.inclusive) return `${what} from ${min.value} to ${max.value}`;
  const parts: string[] = [];
  if (min) parts.push(min.inclusive ? `≥ ${min.value}` : `above ${min.value}`);
  if (max) parts.push(max.inclusive ? `≤ ${max.value}` : `below ${max.value}`);
  return parts.length > 0 ? `${what} ${parts.join(' and ')}` : what;
}

/** Does `value` satisfy a number rule (the bounds and wholeness; the schema still has the last word)? */
export function numberFits(rule: NumberRule, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (rule.integer && !Number.isInteger(value)) return false;
  if (rule.min && (rule.min.inclusive ? value < rule.min.value : value <= rule.min.value)) return false;
  if (rule.max && (rule.max.inclusive ? value > rule.max.value : value >= rule.max.value)) return false;
  return true;
}

export interface LeafField {
  path: Array<string | number>;
  spec: FieldSpec;
  /** The choice of an optional group's form (its discriminator): clearing it removes the whole group. */
  clearsParent?: boolean;
}

/**
 * Every settable field of a config schema, depth first (groups opened, the chosen option of a union
 * followed and its discriminator offered as a choice of all options): the Advanced disclosure's rows.
 */
export function leafFields(schema: z.ZodType, config: unknown): LeafField[] {
  const out: LeafField[] = [];
  const walk = (spec: FieldSpec, path: Array<string | number>, value: unknown): void => {
    const rule = spec.rule;
    if (rule.type === 'object') {
      for (const [key, child] of Object.entries(rule.fields)) {
        walk(child, [...path, key], value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined);
      }
    } else if (rule.type === 'union') {
      const tag = rule.discriminator;
      const options = tag ? rule.options.flatMap((o) => (o.type === 'object' && o.fields[tag]?.rule.type === 'enum' ? o.fields[tag].rule.options : [])) : [];
      // Left out (an optional method: "the organisms' own"): offer the choice alone, not one option's fields.
      if (value === undefined && spec.optional) {
        if (tag) out.push({ path: [...path, tag], spec: { rule: { type: 'enum', options }, optional: true }, clearsParent: true });
        return;
      }
      const picked = pickOption(rule, value);
      if (!picked || picked.type !== 'object') return;
      if (tag) {
        out.push({ path: [...path, tag], spec: { rule: { type: 'enum', options }, optional: spec.optional }, clearsParent: spec.optional });
      }
      for (const [key, child] of Object.entries(picked.fields)) {
        if (key !== tag) walk(child, [...path, key], value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined);
      }
    } else if (rule.type !== 'other') {
      out.push({ path, spec });
    }
  };
  walk(fieldSpec(schema), [], config);
  return out;
}
