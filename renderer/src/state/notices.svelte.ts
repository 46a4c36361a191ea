// Transient messages (errors from the core, "saved") shown as toasts. Errors stay until dismissed;
// info fades after a few seconds.
export interface Notice {
  id: number;
  level: 'info' | 'error';
  text: string;
}

const INFO_LIFETIME_MS = 2500;

export class Notices {
  items = $state<Notice[]>([]);
  #next = 1;

  info(text: string): void {
    const id = this.#push('info', text);
    setTimeout(() => this.dismiss(id), INFO_LIFETIME_MS);
  }
  error(text: string): void {
    this.#push('error', text);
  }
  dismiss(id: number): void {
    this.items = this.items.filter((notice) => notice.id !== id);
  }

  #push(level: Notice['level'], text: string): number {
    const id = this.#next++;
    // Keep the list short: an error storm must not bury the notebook.
    this.items = [...this.items.slice(-4), { id, level, text }];
    return id;
  }
}
