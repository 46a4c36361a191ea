// A message writer that never rejects. vscode-jsonrpc's sendRequest awaits the write inside an
// async Promise executor, so a failed write (the bridge died a moment ago) would surface as an
// unhandled rejection and take the host down. Instead a failed write is reported to `onFailure`,
// which ends the process; its exit then fails the pending requests with a proper crash error.
import { StreamMessageWriter, type Message, type MessageWriter } from 'vscode-jsonrpc/node.js';

export class SafeMessageWriter implements MessageWriter {
  private readonly inner: StreamMessageWriter;

  constructor(stream: NodeJS.WritableStream, private readonly onFailure: (err: Error) => void) {
    this.inner = new StreamMessageWriter(stream);
  }

  get onError(): MessageWriter['onError'] {
    return this.inner.onError;
  }

  get onClose(): MessageWriter['onClose'] {
    return this.inner.onClose;
  }

  async write(msg: Message): Promise<void> {
    try {
      await this.inner.write(msg);
    } catch (err) {
      this.onFailure(err instanceof Error ? err : new Error(String(err)));
    }
  }

  end(): void {
    this.inner.end();
  }

  dispose(): void {
    this.inner.dispose();
  }
}
