// The cell-kind registry. Kinds register themselves (see ./index.ts); the cell frame only ever
// looks kinds up here, so adding a kind never touches the frame.
import type { Notebook } from '../../../electron/shared/notebook-schema.js';
import type { CellConfig, CellInputs, CellKindDefinition } from './types.js';

const kinds = new Map<string, CellKindDefinition>();

/** Register a cell kind. Registering the same kind twice is a programming error and throws. */
export function registerCellKind(definition: CellKindDefinition): void {
  if (!/^[a-z][a-z0-9_-]*$/.test(definition.kind)) {
    throw new Error(
      `Cell kind "${definition.kind}" is not a valid kind name: use lower-case letters, digits, "_" or "-".`,
    );
  }
  if (kinds.has(definition.kind)) {
    throw new Error(`Cell kind "${definition.kind}" is registered twice: register each kind once, in its own folder.`);
  }
  kinds.set(definition.kind, definition);
}

export function getCellKind(kind: string): CellKindDefinition | undefined {
  return kinds.get(kind);
}

/** All registered kinds, markdown first, then in registration order. */
export function listCellKinds(): CellKindDefinition[] {
  return [...kinds.values()].sort((a, b) => Number(b.kind === 'markdown') - Number(a.kind === 'markdown'));
}

export function isRunnableKind(kind: string): boolean {
  return kinds.get(kind)?.runnable ?? kind !== 'markdown';
}

/** A cell name not yet used in the notebook: `base`, then `base_2`, `base_3`, … */
export function uniqueCellName(notebook: Notebook, base: string): string {
  const taken = new Set(notebook.cells.map((cell) => cell.name));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Name, config and inputs for a new cell of `kind` inserted at `index`. */
export function newCellDefaults(
  kind: string,
  notebook: Notebook,
  index: number,
): { name: string; config: CellConfig; inputs: CellInputs } {
  const definition = kinds.get(kind);
  if (!definition) throw new Error(`Unknown cell kind "${kind}": pick one of ${[...kinds.keys()].join(', ')}.`);
  const config =
    typeof definition.defaultConfig === 'function'
      ? definition.defaultConfig(notebook)
      : structuredClone(definition.defaultConfig);
  const inputs =
    typeof definition.defaultInputs === 'function'
      ? definition.defaultInputs(notebook, index)
      : structuredClone(definition.defaultInputs ?? {});
  return { name: uniqueCellName(notebook, definition.defaultName ?? kind), config, inputs };
}
