// The JSON-RPC connection to a bridge process: Content-Length framing over the child's stdio
// (vscode-jsonrpc), with the bridge's notifications validated and routed to callbacks.
import {
  CancellationReceiverStrategy,
  createMessageConnection,
  StreamMessageReader,
  type MessageConnection,
  type RequestMessage,
} from 'vscode-jsonrpc/node.js';
import type { BridgeProcess } from './bridge-process.js';
import { CheckpointSchema, LogSchema, ProgressSchema, type Checkpoint, type LogMessage, type Progress } from './protocol.js';
import { SafeMessageWriter } from './safe-writer.js';

export interface ConnectionHooks {
  /** Called synchronously inside sendRequest with the request's JSON-RPC id. */
  onRequestSent: (id: number | null) => void;
  onProgress: (p: Progress) => void;
  onCheckpoint: (c: Checkpoint) => void;
  onLog: (l: LogMessage) => void;
}

export function openBridgeConnection(proc: BridgeProcess, hooks: ConnectionHooks): MessageConnection {
  const connection = createMessageConnection(
    new StreamMessageReader(proc.child.stdout),
    // A failed write means the bridge is gone or wedged: end it, and its exit fails the requests.
    new SafeMessageWriter(proc.child.stdin, () => void proc.terminate(500)),
    undefined,
    {
      cancellationStrategy: {
        receiver: CancellationReceiverStrategy.Message,
        sender: {
          // vscode-jsonrpc calls this synchronously in sendRequest: the only way to learn the id.
          enableCancellation: (request: RequestMessage) => hooks.onRequestSent(typeof request.id === 'number' ? request.id : null),
          // Cancellation goes through the contract's `cancel` method instead (BridgeClient.cancel).
          sendCancellation: async () => {},
          cleanup: () => {},
        },
      },
    },
  );
  // Malformed notifications are dropped: they carry no request to fail.
  connection.onNotification('progress', (raw: unknown) => {
    const p = ProgressSchema.safeParse(raw);
    if (p.success) hooks.onProgress(p.data);
  });
  connection.onNotification('checkpoint', (raw: unknown) => {
    const c = CheckpointSchema.safeParse(raw);
    if (c.success) hooks.onCheckpoint(c.data);
  });
  connection.onNotification('log', (raw: unknown) => {
    const l = LogSchema.safeParse(raw);
    if (l.success) hooks.onLog(l.data);
  });
  // vscode-jsonrpc reports a closed stream here; the process exit handler does the real work.
  connection.onError(() => {});
  connection.listen();
  return connection;
}
