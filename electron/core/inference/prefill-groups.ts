// Which prompts of a batch share a prefill pass. Left padding makes a pass cost about
// rows x longest prompt, so a batch of mixed lengths wastes much of its prefill on padding;
// splitting it into groups of similar length costs one more forward pass per group instead.
// The cache does not care: each group writes its slots from 0, and unused slots stay masked.

/**
 * Partition rows into groups (each a list of row indices, shortest first) minimising
 * sum(rows x longest) + runCost x groups, where runCost is a forward pass's fixed cost in
 * token-units. Exact dynamic programme over the rows sorted by length (n is a batch size).
 */
export function prefillGroups(lengths: readonly number[], runCost: number): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const n = order.length;
  // best[j]: cost of grouping the j shortest rows; a group (i, j] costs (j - i) * len(j-1) + runCost.
  const best = new Array<number>(n + 1).fill(Infinity);
  const cut = new Array<number>(n + 1).fill(0);
  best[0] = 0;
  for (let j = 1; j <= n; j++) {
    const longest = lengths[order[j - 1]!]!;
    for (let i = 0; i < j; i++) {
      const cost = best[i]! + (j - i) * longest + runCost;
      if (cost < best[j]!) {
        best[j] = cost;
        cut[j] = i;
      }
    }
  }
  const groups: number[][] = [];
  for (let j = n; j > 0; j = cut[j]!) groups.unshift(order.slice(cut[j]!, j));
  return groups;
}
