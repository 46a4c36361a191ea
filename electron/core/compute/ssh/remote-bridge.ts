// The bridge on a machine SSH reaches, behind the same StudyBridge the cells use locally. Inputs
// (model folders, datasets) are pushed to a mirror under <bridgeDir>/work before a call, outputs and
// every announced checkpoint are pulled back, verified, into the local artifact store before the cell
// sees them. A dropped connection (ssh killed, link lost) restarts the call on a fresh connection;
// checkpoints already pulled stay where they are and are not announced twice.
import path from 'node:path';
import { BridgeClient, BridgeCrashedError, type BridgeState } from '../../bridge/index.js';
import type { BridgeMethod, Checkpoint, ParamsOf, ResultOf } from '../../bridge/protocol.js';
import { Emitter } from '../../bridge/emitter.js';
import type { BridgeCallOptions, StudyBridge } from '../../cells/services.js';
import type { SshCompute } from '../../../shared/compute-schema.js';
import { remoteBridgeLaunchLine } from './remote-launch.js';
import { getAt, INPUT_DIRS, INPUT_FILES, OUTPUT_DIRS, PathMirror, setAt } from './remote-paths.js';
import { endpointOf, remotePathArg, runSsh, sshArgs, SSH_BINARY, type SshEndpoint } from './ssh-command.js';
import { explainLaunchExit, explainSshFailure, EXIT_NO_BRIDGE } from './ssh-errors.js';
import { pullDir, pushDir, TransferError } from './transfer.js';
import { BridgeUnavailableError } from '../../bridge/errors.js';

export interface RemoteBridgeOptions {
  compute: SshCompute;
  /** Extra ssh arguments (default: -F $ORGANISM_STUDIO_SSH_CONFIG when set). */
  extraSshArgs?: readonly string[];
  /** How many fresh connections a call may use after its connection dropped (default 3). */
  reconnects?: number;
  startupTimeoutMs?: number;
  /** The app's bridge version: a remote bridge of another version is refused (its results would be cached as this one's). */
  expectedVersion?: string;
}

/** A dropped link, not a failure of the bridge: ssh's own exit status 255, or ssh killed by a signal. */
export function isConnectionLoss(err: unknown): boolean {
  if (err instanceof TransferError) return err.connectionLost;
  return err instanceof BridgeCrashedError && (err.exitCode === 255 || err.signal !== null);
}

export class RemoteStudyBridge implements StudyBridge {
  readonly endpoint: SshEndpoint;
  readonly client: BridgeClient;
  readonly stateChanged = new Emitter<BridgeState>();
  private mirror: Promise<PathMirror> | null = null;
  private readonly pushed = new Set<string>();
  private readonly reconnects: number;
  private lastState: BridgeState = { state: 'stopped', detail: '' };
  /** A call's first JSON-RPC id → the id of its current attempt (they differ after a reconnect). */
  private readonly requestAliases = new Map<number | string, number>();

  constructor(readonly options: RemoteBridgeOptions) {
    const { compute } = options;
    this.endpoint = endpointOf(compute, options.extraSshArgs);
    this.reconnects = options.reconnects ?? 3;
    const facts = { endpoint: this.endpoint, python: compute.python, bridgeDir: compute.bridgeDir };
    this.client = new BridgeClient({
      startupTimeoutMs: options.startupTimeoutMs ?? 120_000,
      launch: {
        command: SSH_BINARY,
        args: sshArgs(this.endpoint, remoteBridgeLaunchLine(compute)),
        label: `${compute.python} on ${compute.target}`,
        explainExit: (exit, stderr) => explainLaunchExit(facts, exit.code, stderr),
      },
    });
    this.client.onState((s) => this.setState({ state: s.state, detail: s.detail ? `${compute.target}: ${s.detail}` : '' }));
  }

  get state(): BridgeState {
    return this.lastState;
  }

  /** Pid of the local ssh process carrying the bridge (tests kill it to drop the connection). */
  get transportPid(): number | undefined {
    return this.client.pid;
  }

  onState(listener: (s: BridgeState) => void): () => void {
    return this.stateChanged.on(listener);
  }

  private setState(s: BridgeState): void {
    this.lastState = s;
    this.stateChanged.emit(s);
  }

  /** The remote bridge folder as an absolute path (resolving ~), checked to exist. */
  pathMirror(): Promise<PathMirror> {
    this.mirror ??= (async () => {
      const dir = this.options.compute.bridgeDir;
      const r = await runSsh(this.endpoint, `cd ${remotePathArg(dir)} 2>/dev/null || exit ${EXIT_NO_BRIDGE}; pwd`);
      if (r.code !== 0) {
        const facts = { endpoint: this.endpoint, python: this.options.compute.python, bridgeDir: dir };
        const why = explainLaunchExit(facts, r.code, r.stderr.split('\n')) ?? explainSshFailure(this.endpoint, r.stderr) ?? `ssh ${this.endpoint.target} failed (exit ${r.code}): ${r.stderr.trim()}`;
        throw new BridgeUnavailableError(why);
      }
      return new PathMirror(r.stdout.toString('utf8').trim());
    })().catch((err: unknown) => {
      this.mirror = null; // the next call tries again (the user may have installed the bridge meanwhile)
      this.setState({ state: 'unavailable', detail: (err as Error).message });
      throw err;
    });
    return this.mirror;
  }

  /** Push the folders and files `params` reads to the mirror; returns the params with remote paths. */
  async pushInputs(method: string, params: Record<string, unknown>, mirror: PathMirror): Promise<Record<string, unknown>> {
    let mapped = params;
    for (const field of INPUT_DIRS[method] ?? []) {
      const local = getAt(params, field);
      if (typeof local !== 'string' || local === '' || local === 'base') continue;
      const remote = mirror.toRemote(local);
      // Artifact folders never change once written (content-hash store): one push per session.
      if (!this.pushed.has(local)) {
        await pushDir(this.endpoint, local, remote);
        this.pushed.add(local);
      }
      mapped = setAt(mapped, field, remote);
    }
    for (const field of INPUT_FILES[method] ?? []) {
      const local = getAt(params, field);
      if (typeof local !== 'string' || local === '') continue;
      const remote = mirror.toRemote(local);
      await pushDir(this.endpoint, path.dirname(local), path.posix.dirname(remote), new Set([path.basename(local)]));
      mapped = setAt(mapped, field, remote);
    }
    for (const field of OUTPUT_DIRS[method] ?? []) {
      const local = getAt(params, field);
      if (typeof local === 'string') mapped = setAt(mapped, field, mirror.toRemote(local));
    }
    return mapped;
  }

  /** Pull (verified) the folders `params` (local paths) told the method to write. */
  async pullOutputs(method: string, params: Record<string, unknown>, mirror: PathMirror): Promise<void> {
    for (const field of OUTPUT_DIRS[method] ?? []) {
      const local = getAt(params, field);
      if (typeof local !== 'string') continue;
      await pullDir(this.endpoint, mirror.toRemote(local), local).catch((err: Error) => {
        if (!/is empty or missing/.test(err.message)) throw err; // a method may leave an output folder unused
      });
    }
  }

  async call<M extends BridgeMethod>(method: M, params: ParamsOf<M>, options: BridgeCallOptions = {}): Promise<ResultOf<M>> {
    if (method === 'train.control') {
      // The cell knows a run by its first request id; after a reconnect the run has a new one.
      const control = params as ParamsOf<'train.control'>;
      const current = this.requestAliases.get(control.id) ?? control.id;
      return this.client.call('train.control', { ...control, id: current }) as Promise<ResultOf<M>>;
    }
    const mirror = await this.pathMirror();
    await this.checkVersion();
    const plain = params as unknown as Record<string, unknown>;
    const remoteParams = (await this.pushInputs(method, plain, mirror)) as unknown as ParamsOf<M>;
    const announced = new Set<string>();
    let firstId: number | null = null;
    for (let attempt = 0; ; attempt++) {
      let pulls: Promise<void> = Promise.resolve();
      const onCheckpoint = (c: Checkpoint): void => {
        // Pull before the cell hears of it: the cell evaluates a checkpoint as soon as it is announced.
        pulls = pulls.then(async () => {
          const local = mirror.localize(c);
          const key = `${local.step}|${local.model_dir}|${local.onnx_dir ?? ''}`;
          if (announced.has(key)) return;
          await pullDir(this.endpoint, c.model_dir, local.model_dir);
          if (c.onnx_dir && !c.onnx_dir.startsWith(`${c.model_dir}/`)) await pullDir(this.endpoint, c.onnx_dir, local.onnx_dir as string);
          announced.add(key);
          options.onCheckpoint?.({ ...local, id: firstId ?? local.id });
        });
      };
      try {
        const result = await this.client.call(method, remoteParams, {
          ...(options.signal ? { signal: options.signal } : {}),
          onProgress: (p) => options.onProgress?.({ ...p, id: firstId ?? p.id }),
          onCheckpoint,
          onStarted: (id) => {
            firstId ??= id;
            this.requestAliases.set(firstId, id);
          },
        });
        await pulls;
        await this.pullOutputs(method, plain, mirror);
        if (firstId !== null) this.requestAliases.delete(firstId);
        return mirror.localize(result);
      } catch (err) {
        await pulls.catch(() => {}); // keep every checkpoint that finished arriving
        if (firstId !== null && (!isConnectionLoss(err) || attempt >= this.reconnects)) this.requestAliases.delete(firstId);
        if (!isConnectionLoss(err) || attempt >= this.reconnects || options.signal?.aborted) throw err;
        this.setState({
          state: 'starting',
          detail: `SSH connection to ${this.endpoint.target} lost during ${method}; reconnecting (attempt ${attempt + 2} of ${this.reconnects + 1}); ${announced.size} finished checkpoint(s) kept`,
        });
        await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
      }
    }
  }

  /** Refuse a remote bridge of another version than the app's (with the fix), once its handshake is known. */
  async checkVersion(): Promise<void> {
    const expected = this.options.expectedVersion;
    if (!expected) return;
    const handshake = await this.client.start();
    if (handshake.bridge_version !== expected) {
      const message = `The bridge on ${this.endpoint.target} is version ${handshake.bridge_version} but this app needs ${expected}: run "Install or update the bridge on the remote" from the command palette.`;
      await this.client.shutdown();
      this.setState({ state: 'unavailable', detail: message });
      throw new BridgeUnavailableError(message);
    }
  }

  async shutdown(): Promise<void> {
    await this.client.shutdown();
  }
}
