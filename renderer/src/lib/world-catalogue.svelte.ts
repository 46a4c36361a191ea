// The world catalogue (triggers, behaviours, passwords) as cell forms need it, fetched once per
// form from the core (`world.describe`). Loosely typed on purpose: the forms only read ids and
// labels, and fall back to the cell's own config while the catalogue is loading or unavailable.
import type { StudioApi } from '../../../electron/shared/api-contract.js';

export interface WorldCatalogue {
  /** `example`: a prompt carrying the trigger, as the organism sees it. */
  triggers: Array<{ id: string; label: string; description?: string; example?: string }>;
  behaviours: Array<{ id: string; label: string; description?: string; backdoor?: boolean }>;
  passwords: Array<{ id: string; text: string; correct: boolean }>;
  datasets?: Array<{ id: string; label: string }>;
  /** Ready-made organisms: the organism cell's config fields each sets. */
  presets?: Array<{ id: string; label: string; organism: Record<string, unknown> }>;
}

export class WorldState {
  world = $state<WorldCatalogue | null>(null);
  error = $state<string | null>(null);

  load(api: StudioApi): void {
    api.invoke('world.describe', {}).then(
      (r) => (this.world = r.world as WorldCatalogue),
      (e: unknown) => (this.error = e instanceof Error ? e.message : String(e)),
    );
  }
}
