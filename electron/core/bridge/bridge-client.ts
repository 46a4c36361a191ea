// The TypeScript client of the Python bridge: one long-lived `python -m organism_bridge` process,
// JSON-RPC 2.0 over stdio (Content-Length framing, vscode-jsonrpc), typed and zod-validated methods
// (./protocol.ts), per-request progress/checkpoint events, cancel, crash detection with restart on
// the next call, and a polite shutdown. See docs/CONTRACTS.md, "Bridge protocol".
import type { MessageConnection } from 'vscode-jsonrpc/node.js';
import { z } from 'zod';
import { BridgeProcess } from './bridge-process.js';
import { openBridgeConnection } from './connection.js';
import { Emitter } from './emitter.js';
import {
  BridgeCrashedError,
  BridgeError,
  BridgeProtocolError,
  BridgeTimeoutError,
  BridgeUnavailableError,
  CancelledError,
} from './errors.js';
import { isMissingDependency, missingDependencyMessage } from './missing-dependency.js';
import {
  methods,
  PROTOCOL_VERSION,
  type BridgeMethod,
  type HandshakeResult,
  type LogMessage,
  type ParamsOf,
  type ResultOf,
} from './protocol.js';
import { findBridgeDir, findPython } from './python-locator.js';
import { describeError, sleep, toBridgeError, withTimeout } from './rpc-helpers.js';

export type { BridgeClientOptions, BridgeLaunch, BridgeState, BridgeStateName, CallOptions } from './bridge-types.js';
import type { BridgeClientOptions, BridgeState, BridgeStateName, CallOptions } from './bridge-types.js';

interface Pending {
  method: string;
  options: CallOptions;
  reject: (err: Error) => void;
}

// Control requests do not make the bridge "busy" in the status bar.
const CONTROL_METHODS = new Set<string>(['handshake', 'cancel', 'shutdown']);

export class BridgeClient {
  private readonly options: BridgeClientOptions;
  private process: BridgeProcess | null = null;
  private connection: MessageConnection | null = null;
  private starting: Promise<HandshakeResult> | null = null;
  private handshakeInfo: HandshakeResult | null = null;
  private readonly pending = new Map<number, Pending>();
  private stateValue: BridgeState = { state: 'stopped', detail: '' };
  private stopping = false;
  /** Set by the cancellation strategy's hook while sendRequest runs synchronously. */
  private lastSentId: number | null = null;

  readonly stateChanged = new Emitter<BridgeState>();
  readonly logged = new Emitter<LogMessage>();
  /** Every stderr line of the bridge (Python warnings, tracebacks): for a diagnostics panel. */
  readonly stderrLine = new Emitter<string>();

  constructor(options: BridgeClientOptions = {}) {
    this.options = options;
  }

  get state(): BridgeState {
    return this.stateValue;
  }

  /** The handshake of the running bridge, or null when none is running. */
  get info(): HandshakeResult | null {
    return this.handshakeInfo;
  }

  /** Pid of the bridge process (for diagnostics and tests), or undefined when none runs. */
  get pid(): number | undefined {
    return this.process && !this.process.hasExited ? this.process.pid : undefined;
  }

  /** Subscribe to state changes (stopped/starting/ready/busy/crashed/unavailable). */
  onState(listener: (s: BridgeState) => void): () => void {
    return this.stateChanged.on(listener);
  }

  onLog(listener: (m: LogMessage) => void): () => void {
    return this.logged.on(listener);
  }

  onStderr(listener: (line: string) => void): () => void {
    return this.stderrLine.on(listener);
  }

  private setState(state: BridgeStateName, detail = ''): void {
    if (this.stateValue.state === state && this.stateValue.detail === detail) return;
    this.stateValue = { state, detail };
    this.stateChanged.emit(this.stateValue);
  }

  private refreshBusy(): void {
    if (this.stateValue.state !== 'ready' && this.stateValue.state !== 'busy') return;
    const busy = [...this.pending.values()].filter((p) => !CONTROL_METHODS.has(p.method));
    if (busy.length) this.setState('busy', busy.map((p) => p.method).join(', '));
    else this.setState('ready', this.handshakeDetail());
  }

  private handshakeDetail(): string {
    const h = this.handshakeInfo;
    return h ? `bridge ${h.bridge_version}, torch ${h.torch}, ${h.device}, ${h.threads} threads, BLAS ${h.blas ?? 'unknown'}` : '';
  }

  /** Start the bridge if it is not running and return its handshake. Safe to call concurrently. */
  async start(): Promise<HandshakeResult> {
    if (this.connection && this.handshakeInfo && this.process && !this.process.hasExited) return this.handshakeInfo;
    this.starting ??= this.spawnAndHandshake().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async spawnAndHandshake(): Promise<HandshakeResult> {
    this.stopping = false;
    this.setState('starting', '');
    let python: string;
    let cwd: string;
    const launch = this.options.launch;
    try {
      python = launch ? launch.label : (this.options.python ?? (await findPython(this.options.env ?? process.env)));
      cwd = launch ? process.cwd() : findBridgeDir(this.options.bridgeDir);
    } catch (err) {
      this.setState('unavailable', (err as Error).message);
      throw new BridgeUnavailableError((err as Error).message);
    }
    const onLine = (line: string) => this.stderrLine.emit(line);
    const env = this.options.env ?? process.env;
    const proc = launch ? new BridgeProcess(launch.command, cwd, env, onLine, launch.args) : new BridgeProcess(python, cwd, env, onLine);
    this.process = proc;
    const exitedEarly = proc.exited.then((exit) => ({ exit }));
    // Talk only to a process that exists: a failed spawn (ENOENT) is reported after this tick.
    await Promise.race([proc.spawned, exitedEarly]);
    const connection = this.connect(proc);
    const timeoutMs = this.options.startupTimeoutMs ?? 120_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const handshake = connection.sendRequest('handshake', {}).then(
      (value: unknown) => ({ value }),
      (error: unknown) => ({ error }),
    );
    const first = await Promise.race([handshake, exitedEarly, timedOut]);
    clearTimeout(timer);

    const fail = async (err: BridgeError, state: BridgeStateName): Promise<never> => {
      this.teardownConnection();
      await proc.terminate(500);
      this.setState(state, err.message);
      throw err;
    };
    if (first === 'timeout') {
      return fail(new BridgeTimeoutError(`The Python bridge (${python}) did not answer the handshake within ${timeoutMs / 1000} s. Last stderr:\n${proc.stderrTail().join('\n')}`), 'crashed');
    }
    if ('exit' in first) {
      // Give stderr a moment to drain: the ModuleNotFoundError is usually the last thing written.
      const stderr = proc.stderrTail();
      const explained = launch?.explainExit?.(first.exit, stderr) ?? null;
      if (explained) return fail(new BridgeUnavailableError(explained, stderr), 'unavailable');
      if (proc.spawnError) {
        return fail(new BridgeUnavailableError(`Cannot run ${python}: ${proc.spawnError.message}. Install Python 3 with PyTorch (sudo apt-get install python3-torch python3-onnx) or set ORGANISM_STUDIO_PYTHON.`), 'unavailable');
      }
      if (isMissingDependency(first.exit.code, stderr)) {
        return fail(new BridgeUnavailableError(missingDependencyMessage(python, stderr), stderr), 'unavailable');
      }
      return fail(new BridgeCrashedError(first.exit.code, first.exit.signal, stderr, 'handshake'), 'crashed');
    }
    if ('error' in first) {
      return fail(new BridgeProtocolError(`The bridge rejected the handshake: ${describeError(first.error)}`), 'unavailable');
    }
    const parsed = methods.handshake.result.safeParse(first.value);
    if (!parsed.success) {
      return fail(new BridgeProtocolError(`The bridge's handshake does not match protocol ${PROTOCOL_VERSION}: ${z.prettifyError(parsed.error)}`), 'unavailable');
    }
    if (parsed.data.protocol_version !== PROTOCOL_VERSION) {
      return fail(
        new BridgeUnavailableError(
          `The Python bridge speaks protocol version ${parsed.data.protocol_version} but this app needs version ${PROTOCOL_VERSION}. ` +
            `Use the python-bridge folder that shipped with this app (bridge ${parsed.data.bridge_version} at ${cwd}).`,
        ),
        'unavailable',
      );
    }
    this.handshakeInfo = parsed.data;
    proc.exited.then((exit) => this.onExit(proc, exit.code, exit.signal));
    this.setState('ready', this.handshakeDetail());
    return parsed.data;
  }

  private connect(proc: BridgeProcess): MessageConnection {
    const connection = openBridgeConnection(proc, {
      onRequestSent: (id) => (this.lastSentId = id),
      onProgress: (p) => this.pending.get(Number(p.id))?.options.onProgress?.(p),
      onCheckpoint: (c) => this.pending.get(Number(c.id))?.options.onCheckpoint?.(c),
      onLog: (l) => this.logged.emit(l),
    });
    this.connection = connection;
    return connection;
  }

  private teardownConnection(): void {
    const c = this.connection;
    this.connection = null;
    this.handshakeInfo = null;
    if (c) {
      try {
        c.dispose();
      } catch {
        /* already closed */
      }
    }
  }

  private onExit(proc: BridgeProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (proc !== this.process) return; // an old process we already replaced
    // Reject our pending calls before disposing the connection, which rejects its own promises
    // with a vaguer "connection got disposed".
    const stderr = proc.stderrTail();
    if (this.stopping) {
      this.rejectAll(() => new BridgeError('The Python bridge was shut down before the request finished.'));
    } else {
      for (const [, p] of this.pending) p.reject(new BridgeCrashedError(code, signal, stderr, p.method));
      this.pending.clear();
    }
    this.teardownConnection();
    this.process = null;
    if (this.stopping) this.setState('stopped', '');
    else this.setState('crashed', new BridgeCrashedError(code, signal, stderr).message);
  }

  private rejectAll(make: () => Error): void {
    for (const [, p] of this.pending) p.reject(make());
    this.pending.clear();
  }

  /**
   * Call a bridge method: params and result are validated against the protocol schemas. Starts
   * (or restarts after a crash) the bridge first. Rejects with BridgeRequestError (the bridge's own
   * error), CancelledError, BridgeCrashedError or BridgeUnavailableError.
   */
  async call<M extends BridgeMethod>(method: M, params: ParamsOf<M>, options: CallOptions = {}): Promise<ResultOf<M>> {
    const spec = methods[method];
    const checked = spec.params.safeParse(params);
    if (!checked.success) {
      throw new BridgeProtocolError(`Invalid params for ${method}: ${z.prettifyError(checked.error)}`);
    }
    if (options.signal?.aborted) throw new CancelledError(method, null);
    await this.start();
    const connection = this.connection;
    if (!connection) throw new BridgeCrashedError(null, null, [], method);

    let rejectCall!: (err: Error) => void;
    const interrupted = new Promise<never>((_, reject) => {
      rejectCall = reject;
    });
    this.lastSentId = null;
    const response = connection.sendRequest(method, checked.data);
    const id = this.lastSentId as number | null;
    if (id === null) throw new BridgeProtocolError(`Could not learn the JSON-RPC id of ${method}; vscode-jsonrpc changed.`);
    this.pending.set(id, { method, options, reject: rejectCall });
    this.refreshBusy();
    options.onStarted?.(id);
    const onAbort = () => void this.cancel(id);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // The response of a request we already rejected (cancel, crash) must not become unhandled.
    response.catch(() => {});
    try {
      const raw = await Promise.race([response, interrupted]);
      const result = spec.result.safeParse(raw);
      if (!result.success) {
        throw new BridgeProtocolError(`The bridge's result for ${method} does not match the protocol: ${z.prettifyError(result.error)}`);
      }
      return result.data as ResultOf<M>;
    } catch (err) {
      throw toBridgeError(method, err);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      this.pending.delete(id);
      this.refreshBusy();
    }
  }

  /**
   * Escape hatch for a method not (yet) in protocol.ts, e.g. a newer bridge's: no validation of
   * params or result. Prefer `call`.
   */
  async callUnchecked(method: string, params: unknown): Promise<unknown> {
    await this.start();
    const connection = this.connection;
    if (!connection) throw new BridgeCrashedError(null, null, [], method);
    try {
      return await connection.sendRequest(method, params);
    } catch (err) {
      throw toBridgeError(method, err);
    }
  }

  /**
   * Cancel a running request by its JSON-RPC id: its promise rejects with CancelledError at once,
   * and the bridge is asked (`cancel`) to stop the work. Returns the bridge's `cancelled` flag.
   */
  async cancel(requestId: number): Promise<boolean> {
    const p = this.pending.get(requestId);
    if (!p) return false;
    this.pending.delete(requestId);
    p.reject(new CancelledError(p.method, requestId));
    this.refreshBusy();
    const connection = this.connection;
    if (!connection) return false;
    try {
      const r = await withTimeout(connection.sendRequest('cancel', { id: requestId }), 10_000, 'cancel');
      const parsed = methods.cancel.result.safeParse(r);
      return parsed.success ? parsed.data.cancelled : false;
    } catch {
      return false; // the bridge may have crashed or finished meanwhile; the caller already has its answer
    }
  }

  /** Ask the bridge to exit (`shutdown`), then SIGTERM, then SIGKILL. Resolves when it is gone. */
  async shutdown(): Promise<void> {
    this.stopping = true;
    if (this.starting) await this.starting.catch(() => {});
    const proc = this.process;
    const connection = this.connection;
    const timeout = this.options.shutdownTimeoutMs ?? 3000;
    if (proc && !proc.hasExited) {
      if (connection) {
        await withTimeout(connection.sendRequest('shutdown', {}), timeout, 'shutdown').catch(() => {});
        const exited = await Promise.race([proc.exited.then(() => true), sleep(timeout).then(() => false)]);
        if (!exited) await proc.terminate(timeout);
      } else {
        await proc.terminate(timeout);
      }
      await proc.exited;
    }
    this.teardownConnection();
    this.process = null;
    this.rejectAll(() => new BridgeError('The Python bridge was shut down before the request finished.'));
    this.setState('stopped', '');
  }

  // ---- typed methods (docs/CONTRACTS.md) -----------------------------------------------------
  handshake(): Promise<HandshakeResult> {
    return this.call('handshake', {});
  }
  worldDescribe(): Promise<ResultOf<'world.describe'>> {
    return this.call('world.describe', {});
  }
  worldEvalSet(params: ParamsOf<'world.eval_set'>, options?: CallOptions): Promise<ResultOf<'world.eval_set'>> {
    return this.call('world.eval_set', params, options);
  }
  organismBuild(params: ParamsOf<'organism.build'>, options?: CallOptions): Promise<ResultOf<'organism.build'>> {
    return this.call('organism.build', params, options);
  }
  trainRun(params: ParamsOf<'train.run'>, options?: CallOptions): Promise<ResultOf<'train.run'>> {
    return this.call('train.run', params, options);
  }
  evalQuick(params: ParamsOf<'eval.quick'>, options?: CallOptions): Promise<ResultOf<'eval.quick'>> {
    return this.call('eval.quick', params, options);
  }
  modelGenerate(params: ParamsOf<'model.generate'>, options?: CallOptions): Promise<ResultOf<'model.generate'>> {
    return this.call('model.generate', params, options);
  }
  exportOnnx(params: ParamsOf<'export.onnx'>, options?: CallOptions): Promise<ResultOf<'export.onnx'>> {
    return this.call('export.onnx', params, options);
  }
}
