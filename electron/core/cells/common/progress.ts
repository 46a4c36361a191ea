// Bridge progress notifications → engine progress updates, labelled with the seed being worked on.
import type { Progress } from '../../bridge/protocol.js';
import type { CellProgressUpdate } from '../../engine/types.js';

export function fromBridgeProgress(progress: Progress, label?: string): CellProgressUpdate {
  return {
    phase: progress.phase,
    step: progress.step,
    total: progress.total,
    loss: progress.loss ?? undefined,
    tokensPerSec: progress.tokens_per_s ?? undefined,
    etaSec: progress.eta_s ?? undefined,
    message: label,
  };
}

/** Stops work between steps when the run was cancelled (the bridge call itself is cancelled by signal). */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('The run was cancelled.');
}
