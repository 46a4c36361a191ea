// A minimal typed event emitter: `on` returns the unsubscribe function (as StudioApi.on does).
export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  on(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch {
        // A failing listener must not break the bridge client's bookkeeping.
      }
    }
  }
}
