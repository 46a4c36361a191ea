// The shapes a caller of the bridge client uses: its state, its options (how the bridge is found
// and launched, locally or through another program such as ssh) and the options of one call.
import type { Checkpoint, Progress } from './protocol.js';

export type BridgeStateName = 'stopped' | 'starting' | 'ready' | 'busy' | 'crashed' | 'unavailable';
export interface BridgeState {
  state: BridgeStateName;
  detail: string;
}

export interface BridgeClientOptions {
  /** Interpreter; default: ORGANISM_STUDIO_PYTHON, /usr/bin/python3 if it imports torch, python3. */
  python?: string;
  /** The python-bridge folder; default: found above this module, the cwd or the app resources. */
  bridgeDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Spawn + handshake (torch import takes seconds on a busy machine). */
  startupTimeoutMs?: number;
  /** How long `shutdown` waits for the polite request, then for SIGTERM, before SIGKILL. */
  shutdownTimeoutMs?: number;
  /** Start the bridge through another program (e.g. `ssh … python3 -m organism_bridge`) instead of a local interpreter. */
  launch?: BridgeLaunch;
}

/** A launcher of the bridge, with the same stdio framing: the command, its arguments and how to read its failures. */
export interface BridgeLaunch {
  command: string;
  args: readonly string[];
  /** Named in messages instead of the interpreter, e.g. "python3 on alice@gpu-box". */
  label: string;
  /** One sentence naming the fix when the launcher itself failed before the handshake (null: not its failure). */
  explainExit?(exit: { code: number | null; signal: NodeJS.Signals | null }, stderr: string[]): string | null;
}

export interface CallOptions {
  /** Training/build progress notifications of this request. */
  onProgress?: (p: Progress) => void;
  /** `checkpoint` notifications of this request (blue-team training writes one per eval_every). */
  onCheckpoint?: (c: Checkpoint) => void;
  /** Called with the JSON-RPC id as soon as the request is sent (for `cancel`). */
  onStarted?: (requestId: number) => void;
  /** Aborting cancels the request: the promise rejects with CancelledError. */
  signal?: AbortSignal;
}
