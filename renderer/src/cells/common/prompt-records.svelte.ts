// The prompts behind a cell's numbers (`cell.items`: its result's items.jsonl), fetched once per
// result when first asked for, and which row of the cell's table has them open.
import type { StudioApi } from '../../../../electron/shared/api-contract.js';
import type { PromptRecord } from './PromptRecords.svelte';

export type CellRecord = PromptRecord & { model?: string; seed?: number | null; step?: number };

export class PromptRecordsState {
  open = $state<string | null>(null);
  records = $state<CellRecord[] | null>(null);
  error = $state<string | null>(null);

  /** Forget what was loaded (a new result has new records). */
  reset(): void {
    this.records = null;
    this.error = null;
    this.open = null;
  }

  /** Open or close the records under row `key`, loading the cell's records on first use. */
  async toggle(key: string, api: StudioApi, docId: string, cellId: string): Promise<void> {
    this.open = this.open === key ? null : key;
    if (this.open === null || this.records !== null) return;
    try {
      this.records = (await api.invoke('cell.items', { docId, cellId })).items as CellRecord[];
      this.error = null;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }
}
