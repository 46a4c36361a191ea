// Work items spread over lanes (e.g. bridge processes), each lane taking the next item when it is
// free; results in item order. The first failure aborts the others (through the signal each item
// gets) and is thrown; a cancel of the caller's signal aborts them all and throws its reason. Used
// wherever seeds run several at a time: the local pool's sweeps and the train cell's seeds.
export async function runOnLanes<Lane, Item, Result>(
  items: readonly Item[],
  lanes: readonly Lane[],
  signal: AbortSignal | undefined,
  work: (item: Item, index: number, lane: Lane, signal: AbortSignal) => Promise<Result>,
): Promise<Result[]> {
  const cancelled = (): Error => (signal?.reason instanceof Error ? signal.reason : new Error('The run was cancelled.'));
  if (signal?.aborted) throw cancelled(); // a listener added to an already aborted signal would never fire
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const results = new Array<Result>(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async (of: Lane): Promise<void> => {
    while (next < items.length && !controller.signal.aborted) {
      const index = next++;
      try {
        results[index] = await work(items[index] as Item, index, of, controller.signal);
      } catch (error) {
        // Only the first failure counts; the items it stopped fail because of it.
        if (!controller.signal.aborted) {
          failure = { error };
          controller.abort(error);
        }
        return;
      }
    }
  };
  try {
    await Promise.all(lanes.slice(0, Math.max(1, Math.min(lanes.length, items.length))).map(lane));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw cancelled();
  if (failure) throw (failure as { error: unknown }).error;
  return results;
}
