// The plan of a notebook: for every runnable cell, its parsed config and content hash (or the
// reason it cannot run). Staleness needs no bookkeeping: editing a cell changes its hash and, through
// the input hashes, the hash of everything downstream; a hash without an artifact is not up to date.
import type { Cell } from '../../shared/notebook-schema.js';
import { cellWording, joinSentences, translateIssues } from '../../shared/config-issues.js';
import { buildGraph, type CellGraph } from './graph.js';
import { cellHash } from './hashing.js';
import { topologicalOrder } from './topology.js';
import type { CellKindDefinition, CellKindRegistry } from './types.js';

export type PlannedCell =
  | { ok: true; cell: Cell; definition: CellKindDefinition<unknown, unknown>; config: unknown; hash: string; inputHashes: Record<string, string | string[]> }
  | { ok: false; cell: Cell; error: string };

export interface NotebookPlan {
  graph: CellGraph;
  order: string[];
  cells: Map<string, PlannedCell>; // by name
}

export async function planNotebook<S>(
  cells: readonly Cell[],
  registry: CellKindRegistry<S>,
  services: S,
  codeVersion: string,
): Promise<NotebookPlan> {
  const graph = buildGraph(cells, (kind) => registry.has(kind));
  const { order, cycles } = topologicalOrder(graph);
  const planned = new Map<string, PlannedCell>();

  for (const cycle of cycles) {
    const text = `Cells ${cycle.map((n) => `"${n}"`).join(' → ')} → "${cycle[0]}" form a cycle: each waits for the other. Remove one of these inputs.`;
    for (const name of cycle) {
      const node = graph.nodes.get(name);
      if (node) planned.set(name, { ok: false, cell: node.cell, error: text });
    }
  }
  // Cells downstream of a cycle never get ordered either.
  for (const [name, node] of graph.nodes) {
    if (!order.includes(name) && !planned.has(name)) {
      planned.set(name, { ok: false, cell: node.cell, error: `Cell "${name}" depends on a cycle of cells; fix the cycle first.` });
    }
  }

  for (const name of order) {
    const node = graph.nodes.get(name);
    if (!node) continue;
    const cell = node.cell;
    const problem = graph.problems.get(name);
    if (problem) {
      planned.set(name, { ok: false, cell, error: problem });
      continue;
    }
    const broken = (graph.parents.get(name) ?? []).find((up) => planned.get(up)?.ok === false);
    if (broken) {
      planned.set(name, { ok: false, cell, error: `Cell "${name}" cannot run because its input cell "${broken}" has a problem.` });
      continue;
    }
    const definition = registry.get(cell.kind) as CellKindDefinition<unknown, unknown>;
    const parsed = definition.configSchema.safeParse(cell.config);
    if (!parsed.success) {
      planned.set(name, { ok: false, cell, error: `Cell "${name}" cannot run: ${joinSentences(translateIssues(parsed.error, cellWording(cell.kind, cell.config, definition.configSchema)))}` });
      continue;
    }
    let fingerprint = '';
    try {
      fingerprint = definition.fingerprint ? await definition.fingerprint(parsed.data, services) : '';
    } catch (error) {
      planned.set(name, { ok: false, cell, error: `Cell "${name}": ${(error as Error).message}` });
      continue;
    }
    const inputHashes: Record<string, string | string[]> = {};
    for (const { input, names, many } of node.inputs) {
      const hashes = names.map((n) => {
        const up = planned.get(n);
        return up && up.ok ? up.hash : '';
      });
      inputHashes[input] = many ? hashes : (hashes[0] as string);
    }
    const hash = cellHash({
      kind: cell.kind,
      config: parsed.data,
      inputHashes,
      codeVersion,
      runnerVersion: definition.runnerVersion,
      fingerprint,
    });
    planned.set(name, { ok: true, cell, definition, config: parsed.data, hash, inputHashes });
  }
  return { graph, order, cells: planned };
}
