// Small helpers of the bridge client: mapping JSON-RPC errors, timeouts.
import { ResponseError } from 'vscode-jsonrpc/node.js';
import { BridgeError, BridgeRequestError, BridgeTimeoutError } from './errors.js';
import { ErrorDataSchema } from './protocol.js';

/** A bridge JSON-RPC error becomes a BridgeRequestError carrying the bad field and allowed values. */
export function toBridgeError(method: string, err: unknown): Error {
  if (err instanceof BridgeError) return err;
  if (err instanceof ResponseError) {
    const data = ErrorDataSchema.safeParse(err.data);
    return new BridgeRequestError(method, err.code, err.message, data.success ? (data.data.field ?? undefined) : undefined, data.success ? data.data.allowed : undefined, err.data);
  }
  return new BridgeError(`${method} failed: ${describeError(err)}`);
}

export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : JSON.stringify(err);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new BridgeTimeoutError(`${what} got no answer within ${ms} ms.`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
