// The props every cell-kind component receives, and the shape of a cell-kind registration.
// A cell kind is a Svelte 5 component plus defaults; the cell frame (name, status, run/cancel,
// output collapse) is drawn around it by the app, so a kind only renders its own body.
// Inputs go in a `.form` element (or an Advanced `<details class="advanced">`, or any element
// marked `data-cell-input`): presentation mode and a cell's "hide input" hide exactly those, and
// every other element of the body counts as output.
import type { Component, Snippet } from 'svelte';
import type { EventOf, StudioApi } from '../../../electron/shared/api-contract.js';
import type { Cell, CellStatus, Notebook } from '../../../electron/shared/notebook-schema.js';

export type ThemeName = 'light' | 'dark';
export type CellProgress = EventOf<'cell.progress'>;
/** The result so far of a running cell (`cell.partial`); one shape per publishing kind. */
export type CellPartial = EventOf<'cell.partial'>['partial'];
export type CellConfig = Record<string, unknown>;
export type CellInputs = Cell['inputs'];

/** Props passed to every cell-kind component (read-only; change data through the callbacks). */
export interface CellProps {
  /** The cell as the core last reported it (id, kind, name, config, inputs, output summary, metadata). */
  cell: Cell;
  /** The typed renderer↔core API (e.g. `api.invoke('world.describe', {})`). */
  api: StudioApi;
  /** The open document's id, for API calls that need it. */
  docId: string;
  /** Live status (from `cell.status` events, falling back to `cell.output.status`, else 'idle'). */
  status: CellStatus;
  /** Latest `cell.progress` event of the current run, or null when not running. */
  progress: CellProgress | null;
  /** Latest `cell.partial` of the current run (the whole result so far), or null. */
  partial: CellPartial | null;
  /** Full result of the last run (`cell.result`), fetched when the cell finishes; null until then. */
  result: unknown | null;
  /** The whole notebook (to offer other cells' names as inputs). */
  notebook: Notebook;
  /** The active UI theme: plots must follow it. */
  theme: ThemeName;
  /** True while this cell is selected and the user is in edit mode (Enter); Esc leaves it. */
  editing: boolean;
  /** Ask to enter (true) or leave (false) edit mode, e.g. on double click. */
  onEditingChange: (editing: boolean) => void;
  /** Replace the cell's config (sent as a `notebook.edit` updateCell; debounced and undoable). */
  onConfigChange: (config: CellConfig) => void;
  /** Replace the cell's inputs (input name → upstream cell name, or a list of names). */
  onInputsChange: (inputs: CellInputs) => void;
  /**
   * Render right after the form (`{@render runNotes?.()}`): the frame's Advanced settings and, when
   * the output shown is from an earlier run, the note saying so (whatever follows it is dimmed).
   */
  runNotes?: Snippet;
}

export interface CellKindDefinition {
  /** The `cell.kind` string stored in notebooks, e.g. 'organism'. */
  kind: string;
  /** Human label for the kind badge and the add-cell picker, e.g. 'Organism'. */
  label: string;
  /** One line for the add-cell picker and command palette. */
  description: string;
  /** Optional short glyph (an emoji or 1–2 characters) shown in the badge and picker. */
  icon?: string;
  /** The body component; it receives `CellProps`. */
  component: Component<CellProps>;
  /** Config of a newly added cell (a function is called per added cell, so objects are fresh). */
  defaultConfig: CellConfig | ((notebook: Notebook) => CellConfig);
  /** Base of new cell names ('organism' → 'organism', 'organism_2', …); defaults to `kind`. */
  defaultName?: string;
  /** Inputs of a newly added cell, e.g. wired to the nearest upstream cell of a given kind. */
  defaultInputs?: CellInputs | ((notebook: Notebook, insertIndex: number) => CellInputs);
  /** False for kinds that never execute (markdown): no run button, no status. Default true. */
  runnable?: boolean;
}
