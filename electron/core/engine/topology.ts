// Orderings over the cell graph: topological order (with cycles reported by cell name),
// the upstream closure of a cell (what must run first) and its downstream closure (what goes stale).
import type { CellGraph } from './graph.js';

export interface TopologyResult {
  order: string[];
  /** Each cycle found, as the list of cell names around it. */
  cycles: string[][];
}

/** Kahn's algorithm in notebook order (stable: ties keep the order the cells appear in). */
export function topologicalOrder(graph: CellGraph): TopologyResult {
  const indegree = new Map<string, number>();
  for (const name of graph.nodes.keys()) indegree.set(name, graph.parents.get(name)?.length ?? 0);
  const ready = [...graph.nodes.keys()].filter((n) => indegree.get(n) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const name = ready.shift() as string;
    order.push(name);
    for (const child of graph.children.get(name) ?? []) {
      const left = (indegree.get(child) ?? 0) - 1;
      indegree.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  const remaining = [...graph.nodes.keys()].filter((n) => !order.includes(n));
  return { order, cycles: remaining.length > 0 ? findCycles(graph, new Set(remaining)) : [] };
}

/** Cycles among the nodes Kahn could not order (depth-first, each cycle reported once). */
function findCycles(graph: CellGraph, within: Set<string>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (name: string): void => {
    stack.push(name);
    onStack.add(name);
    for (const up of graph.parents.get(name) ?? []) {
      if (!within.has(up)) continue;
      if (onStack.has(up)) {
        const cycle = stack.slice(stack.indexOf(up)).reverse();
        cycles.push(cycle);
      } else if (!done.has(up)) {
        visit(up);
      }
    }
    stack.pop();
    onStack.delete(name);
    done.add(name);
  };
  for (const name of within) if (!done.has(name)) visit(name);
  return cycles;
}

/** The cell and everything it (transitively) reads, in topological order. */
export function upstreamClosure(graph: CellGraph, order: string[], name: string): string[] {
  const need = new Set<string>([name]);
  const pending = [name];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    for (const up of graph.parents.get(current) ?? []) {
      if (!need.has(up)) {
        need.add(up);
        pending.push(up);
      }
    }
  }
  return order.filter((n) => need.has(n));
}

/** Everything that (transitively) reads the cell, not including the cell itself. */
export function downstreamClosure(graph: CellGraph, name: string): Set<string> {
  const out = new Set<string>();
  const pending = [name];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    for (const child of graph.children.get(current) ?? []) {
      if (!out.has(child)) {
        out.add(child);
        pending.push(child);
      }
    }
  }
  return out;
}
