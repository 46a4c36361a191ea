// One open notebook: its current version, path, dirty flag, undo history, autosave to a recovery
// file and the recovery offer. Everything that changes the notebook goes through here so that the
// document, the engine and the renderers never disagree.
import { mkdirSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentState, EditOp } from '../../shared/api-contract.js';
import { NOTEBOOK_FORMAT, NOTEBOOK_VERSION, type Notebook, type OutputSummary } from '../../shared/notebook-schema.js';
import type { DocumentChange, NotebookHandle } from '../engine-port.js';
import { EditHistory, keepCurrentOutputs } from './edit-history.js';
import { EditError, applyEdit } from './edit-ops.js';
import { artifactsDirFor, removeIfPresent, writeNotebookFile } from './notebook-files.js';
import { readRecoveryChecked, recoveryPathFor, writeRecovery } from './recovery-files.js';

export const DEFAULT_AUTOSAVE_DELAY_MS = 2000;

export interface DocumentOptions {
  docId: string;
  home: string;
  path: string | null;
  notebook: Notebook;
  recovery: { savedAt: string; path: string } | null;
  autosaveDelayMs?: number;
  /** Called after every change, with what changed (outputs: an engine wrote run summaries). */
  onChange: (doc: NotebookDocument, change: DocumentChange | { kind: 'outputs' } | { kind: 'recovery' } | { kind: 'autosaved' }) => void;
  /** The kinds `addCell` may add besides markdown (the engine's registry); absent: CELL_KINDS. */
  cellKinds?: () => readonly string[];
  /** Autosave failures must not crash anything; they are reported here. */
  onAutosaveError?: (error: unknown) => void;
}

export function emptyNotebook(): Notebook {
  return { format: NOTEBOOK_FORMAT, version: NOTEBOOK_VERSION, title: 'Untitled study', cells: [], metadata: {} };
}

export class NotebookDocument {
  readonly docId: string;
  readonly handle: NotebookHandle;
  private filePath: string | null;
  private current: Notebook;
  private savedVersion: Notebook;
  private dirty = false;
  private readonly history = new EditHistory();
  private recovery: { savedAt: string; path: string } | null;
  private autosaveTimer: NodeJS.Timeout | null = null;
  private autosaving: Promise<void> = Promise.resolve();
  private recoveryWritten = false;
  private autosavedAt: string | null = null;
  private closed = false;
  private readonly home: string;
  private readonly autosaveDelayMs: number;

  constructor(private readonly options: DocumentOptions) {
    this.docId = options.docId;
    this.home = options.home;
    this.filePath = options.path;
    this.current = options.notebook;
    this.savedVersion = options.notebook;
    this.recovery = options.recovery;
    this.autosaveDelayMs = options.autosaveDelayMs ?? DEFAULT_AUTOSAVE_DELAY_MS;
    this.handle = this.makeHandle();
  }

  get path(): string | null {
    return this.filePath;
  }

  get notebook(): Notebook {
    return this.current;
  }

  /** Where this document's autosave goes (also where an untitled document's recovery offer points). */
  get recoveryPath(): string {
    return recoveryPathFor(this.filePath, this.home, this.docId);
  }

  state(): DocumentState {
    return {
      docId: this.docId,
      path: this.filePath,
      notebook: this.current,
      dirty: this.dirty,
      canUndo: this.history.canUndo,
      canRedo: this.history.canRedo,
      recovery: this.recovery,
      autosavedAt: this.autosavedAt,
    };
  }

  edit(op: EditOp): void {
    this.assertOpen();
    const next = applyEdit(this.current, op, this.options.cellKinds?.());
    this.history.record(this.current);
    this.replace(next, { kind: 'edit', op });
  }

  undo(): void {
    this.assertOpen();
    const previous = this.history.undo(this.current);
    if (!previous) throw new EditError('nothing to undo.');
    this.replace(keepCurrentOutputs(previous, this.current), { kind: 'undo' }, previous);
  }

  redo(): void {
    this.assertOpen();
    const next = this.history.redo(this.current);
    if (!next) throw new EditError('nothing to redo.');
    this.replace(keepCurrentOutputs(next, this.current), { kind: 'redo' }, next);
  }

  /**
   * Save to the current path, or to `target` (Save As). Clears the recovery file. Folders are
   * created only when `createFolders` (the caller decides where that is allowed).
   */
  async save(target?: string, options: { createFolders?: boolean } = {}): Promise<void> {
    this.assertOpen();
    const destination = target ?? this.filePath;
    if (!destination) throw new EditError('this notebook has no file yet: save it with a path (Save As…).');
    const oldRecovery = this.recoveryPath;
    const snapshot = this.current;
    await writeNotebookFile(destination, snapshot, options);
    this.cancelAutosave();
    await this.autosaving;
    this.filePath = destination;
    this.savedVersion = snapshot;
    this.dirty = this.current !== snapshot; // an edit may have landed while writing
    if (this.dirty) this.scheduleAutosave();
    await removeIfPresent(oldRecovery);
    await removeIfPresent(this.recoveryPath);
    this.recoveryWritten = false;
    this.autosavedAt = null;
    this.options.onChange(this, { kind: 'saved', path: destination });
  }

  /** Replace the notebook with the recovery file's contents (undoable, leaves the document dirty). */
  async restoreRecovery(): Promise<void> {
    this.assertOpen();
    const offer = this.recovery;
    if (!offer) throw new EditError('there is no recovery file to restore for this notebook.');
    // Checked like a file being opened: a restore followed by a save must never write a notebook
    // that would not reopen. The error says what is wrong with it.
    const recovered = await readRecoveryChecked(offer.path);
    this.recovery = null;
    this.history.record(this.current);
    this.replace(recovered.notebook, { kind: 'restored' });
    // The offered file is now this document's autosave (or an orphan we adopt): drop the old copy.
    if (offer.path !== this.recoveryPath) await removeIfPresent(offer.path);
  }

  async discardRecovery(): Promise<void> {
    this.assertOpen();
    const offer = this.recovery;
    this.recovery = null;
    if (offer) await removeIfPresent(offer.path);
    this.options.onChange(this, { kind: 'recovery' });
  }

  /** Write any pending autosave now (used on shutdown and by tests). */
  async flushAutosave(): Promise<void> {
    if (this.autosaveTimer) {
      this.cancelAutosave();
      this.autosaving = this.autosaving.then(() => this.writeAutosave());
    }
    await this.autosaving;
  }

  /** Close: stop autosaving; the user chose to close, so the recovery file goes too. */
  async close(): Promise<void> {
    this.cancelAutosave();
    await this.autosaving;
    this.closed = true;
    if (this.recoveryWritten) await removeIfPresent(this.recoveryPath);
  }

  /** Stop without deleting the recovery file (process shutdown: unsaved work stays recoverable). */
  async shutdown(): Promise<void> {
    await this.flushAutosave();
    this.closed = true;
  }

  private replace(next: Notebook, change: DocumentChange, baseVersion?: Notebook): void {
    this.current = next;
    // Dirty means the user's content differs from the file; run outputs alone never count.
    this.dirty = baseVersion !== this.savedVersion;
    this.scheduleAutosave();
    this.options.onChange(this, change);
  }

  private writeOutput(cellId: string, output: OutputSummary | null): void {
    this.assertOpen();
    const index = this.current.cells.findIndex((c) => c.id === cellId);
    if (index < 0) throw new EditError(`writeOutput: no cell has id "${cellId}" in notebook ${this.docId}.`);
    this.current = { ...this.current, cells: this.current.cells.map((c, i) => (i === index ? { ...c, output } : c)) };
    // Outputs are derived (the engine finds every result again by its hash), so they neither mark
    // the notebook unsaved nor start a recovery file; they ride along with the next user edit.
    if (this.dirty) this.scheduleAutosave();
    this.options.onChange(this, { kind: 'outputs' });
  }

  private scheduleAutosave(): void {
    this.cancelAutosave();
    if (!this.dirty) return;
    this.autosaveTimer = setTimeout(() => {
      this.autosaveTimer = null;
      this.autosaving = this.autosaving.then(() => this.writeAutosave());
    }, this.autosaveDelayMs);
    this.autosaveTimer.unref();
  }

  private cancelAutosave(): void {
    if (this.autosaveTimer) clearTimeout(this.autosaveTimer);
    this.autosaveTimer = null;
  }

  private async writeAutosave(): Promise<void> {
    if (this.closed || !this.dirty) return;
    try {
      await this.keepPendingOfferAside();
      this.autosavedAt = await writeRecovery(this.recoveryPath, this.filePath, this.current);
      this.recoveryWritten = true;
      this.options.onChange(this, { kind: 'autosaved' });
    } catch (error) {
      this.options.onAutosaveError?.(error);
    }
  }

  /**
   * The user has not yet chosen to restore or discard the recovery file found at open, and it is
   * where our own autosave goes: move it aside first so new edits never overwrite what it holds.
   */
  private async keepPendingOfferAside(): Promise<void> {
    const offer = this.recovery;
    if (!offer || offer.path !== this.recoveryPath) return;
    const aside = this.recoveryPath.replace(/\.recovery\.json$/, '.recovery-offered.json');
    await rename(offer.path, aside);
    this.recovery = { ...offer, path: aside };
  }

  private assertOpen(): void {
    if (this.closed) throw new EditError(`notebook ${this.docId} is closed; open it again.`);
  }

  private makeHandle(): NotebookHandle {
    return {
      docId: this.docId,
      path: () => this.filePath,
      artifactsDir: () => {
        if (this.filePath) return artifactsDirFor(this.filePath);
        const dir = path.join(this.home, 'untitled', this.docId);
        mkdirSync(dir, { recursive: true });
        return dir;
      },
      notebook: () => this.current,
      writeOutput: (cellId, output) => this.writeOutput(cellId, output),
    };
  }
}
