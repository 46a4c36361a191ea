// The notebook as a dataflow graph: a cell's `inputs` name the cells whose outputs it reads.
// Only cells of a registered (executable) kind take part; markdown is prose, not a node.
import type { Cell } from '../../shared/notebook-schema.js';
import { NotebookGraphError } from './types.js';

export interface GraphNode {
  cell: Cell;
  /** input name → upstream cell names, as written (a single name becomes a one-element list). */
  inputs: Array<{ input: string; names: string[]; many: boolean }>;
}

export interface CellGraph {
  nodes: Map<string, GraphNode>; // by cell name
  byId: Map<string, GraphNode>;
  /** Upstream names of each node (deduplicated). */
  parents: Map<string, string[]>;
  /** Downstream names of each node. */
  children: Map<string, string[]>;
  /** Wiring problems, per cell name: the cell cannot run until they are fixed. */
  problems: Map<string, string>;
}

export function buildGraph(cells: readonly Cell[], isExecutable: (kind: string) => boolean): CellGraph {
  const nodes = new Map<string, GraphNode>();
  const byId = new Map<string, GraphNode>();
  const problems = new Map<string, string>();
  const passive = new Set<string>();

  for (const cell of cells) {
    if (!isExecutable(cell.kind)) {
      passive.add(cell.name);
      continue;
    }
    const node: GraphNode = {
      cell,
      inputs: Object.entries(cell.inputs ?? {}).map(([input, ref]) => ({
        input,
        names: Array.isArray(ref) ? ref : [ref],
        many: Array.isArray(ref),
      })),
    };
    if (nodes.has(cell.name)) {
      problems.set(cell.name, `Two cells are named "${cell.name}": rename one so inputs can refer to it unambiguously.`);
    }
    nodes.set(cell.name, node);
    byId.set(cell.id, node);
  }

  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const name of nodes.keys()) children.set(name, []);
  for (const [name, node] of nodes) {
    const ups = new Set<string>();
    for (const { input, names } of node.inputs) {
      for (const upstream of names) {
        if (!nodes.has(upstream)) {
          const why = passive.has(upstream)
            ? `is a ${cells.find((c) => c.name === upstream)?.kind ?? 'passive'} cell, which has no output`
            : 'does not exist';
          problems.set(
            name,
            `Cell "${name}" input "${input}" refers to cell "${upstream}", which ${why}. Pick an existing cell name for "${input}".`,
          );
          continue;
        }
        if (upstream === name) {
          problems.set(name, `Cell "${name}" input "${input}" refers to itself. A cell cannot read its own output.`);
          continue;
        }
        ups.add(upstream);
      }
    }
    parents.set(name, [...ups]);
    for (const upstream of ups) children.get(upstream)?.push(name);
  }
  return { nodes, byId, parents, children, problems };
}

export function nodeById(graph: CellGraph, cellId: string): GraphNode {
  const node = graph.byId.get(cellId);
  if (!node) throw new NotebookGraphError(`No runnable cell with id "${cellId}" in this notebook.`);
  return node;
}
