// Errors of the bridge client. Each message names the problem and what to do about it, because
// it ends up in a cell's error box in front of a researcher.

/** Base class, so callers can tell bridge failures from their own bugs. */
export class BridgeError extends Error {
  override name = 'BridgeError';
}

/** The bridge answered with a JSON-RPC error (e.g. a bad field; `field`/`allowed` say which). */
export class BridgeRequestError extends BridgeError {
  override name = 'BridgeRequestError';
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
    readonly field?: string,
    readonly allowed?: unknown,
    readonly data?: unknown,
  ) {
    super(`${method}: ${message}`);
  }
}

/** The request was cancelled by the caller; the bridge was asked to stop it. */
export class CancelledError extends BridgeError {
  override name = 'CancelledError';
  constructor(readonly method: string, readonly requestId: number | string | null) {
    super(`${method} was cancelled.`);
  }
}

/** The bridge process died while requests were pending. The next call starts a fresh one. */
export class BridgeCrashedError extends BridgeError {
  override name = 'BridgeCrashedError';
  constructor(
    readonly exitCode: number | null,
    readonly signal: string | null,
    readonly stderrTail: string[],
    method?: string,
  ) {
    const how = exitCode !== null ? `exit code ${exitCode}` : `signal ${signal ?? 'unknown'}`;
    const tail = stderrTail.length ? `\nLast stderr lines:\n${stderrTail.join('\n')}` : ' (no stderr output)';
    super(
      `The Python bridge stopped unexpectedly (${how})${method ? ` while running ${method}` : ''}; it will be restarted on the next call.${tail}`,
    );
  }
}

/** The bridge cannot run here at all: a missing dependency, a wrong interpreter or protocol. */
export class BridgeUnavailableError extends BridgeError {
  override name = 'BridgeUnavailableError';
  constructor(message: string, readonly stderrTail: string[] = []) {
    super(message);
  }
}

/** The bridge did not answer in time (startup or a short control request). */
export class BridgeTimeoutError extends BridgeError {
  override name = 'BridgeTimeoutError';
}

/** Params or a result failed the protocol schema: a bug on one side of the seam. */
export class BridgeProtocolError extends BridgeError {
  override name = 'BridgeProtocolError';
}
