// Transient messages (errors from the core, "saved") shown as toasts. Both fade: info after a few
// seconds, errors after a few more (long enough to read; a cell's own error stays in the cell).
export interface Notice {
  id: number;
  level: 'info' | 'error';
  text: string;
}

const INFO_LIFETIME_MS = 2500;
const ERROR_LIFETIME_MS = 8000;

export class Notices {
  items = $state<Notice[]>([]);
  #next = 1;

  info(text: string): void {
    const id = this.#push('info', text);
    setTimeout(() => this.dismiss(id), INFO_LIFETIME_MS);
  }
  error(text: string): void {
    const id = this.#push('error', text);
    setTimeout(() => this.dismiss(id), ERROR_LIFETIME_MS);
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
