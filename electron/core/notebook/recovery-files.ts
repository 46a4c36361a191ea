// Autosave target: a recovery file holding the unsaved notebook. For a saved notebook it sits next
// to it (`<file>.recovery.json`); for an untitled one under ORGANISM_STUDIO_HOME/recovery/. It is
// deleted on save, discard and close, so one that survives means the app ended with unsaved work.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Notebook } from '../../shared/notebook-schema.js';
import { formatPath } from './json-positions.js';
import { MAX_NOTEBOOK_BYTES, modifiedAt, readBoundedText, writeTextAtomic } from './notebook-files.js';
import { NotebookFormatError } from './parse-notebook.js';
import { checkNotebook } from './validate-notebook.js';

export const RECOVERY_FORMAT = 'organism-studio-recovery';

// The envelope only: the notebook inside goes through the same check as a file being opened, so a
// restore can never bring back what open would refuse (duplicate ids, too deep, …).
const RecoveryEnvelopeSchema = z.object({
  format: z.literal(RECOVERY_FORMAT),
  savedAt: z.string(),
  /** The notebook file this recovers, or null for an untitled notebook. */
  source: z.string().nullable(),
  notebook: z.unknown(),
});
export type RecoveryFile = Omit<z.infer<typeof RecoveryEnvelopeSchema>, 'notebook'> & { notebook: Notebook };

export function recoveryPathFor(notebookPath: string | null, home: string, docId: string): string {
  if (notebookPath) return `${notebookPath}.recovery.json`;
  return path.join(untitledRecoveryDir(home), `untitled-${docId}.recovery.json`);
}

export function untitledRecoveryDir(home: string): string {
  return path.join(home, 'recovery');
}

export async function writeRecovery(file: string, source: string | null, notebook: Notebook): Promise<string> {
  const savedAt = new Date().toISOString();
  const body: RecoveryFile = { format: RECOVERY_FORMAT, savedAt, source, notebook };
  await writeTextAtomic(file, JSON.stringify(body));
  return savedAt;
}

/** The recovery file, or null when it is missing or damaged (a damaged one is not offered). */
export async function readRecovery(file: string): Promise<RecoveryFile | null> {
  try {
    return await readRecoveryChecked(file);
  } catch {
    return null;
  }
}

/** The recovery file, or an error that says what is wrong with it (for an explicit restore). */
export async function readRecoveryChecked(file: string): Promise<RecoveryFile> {
  const text = await readBoundedText(file, MAX_NOTEBOOK_BYTES, 'recovery file');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new NotebookFormatError(file, null, null, 'the recovery file is not valid JSON (it was damaged); discard it.');
  }
  const envelope = RecoveryEnvelopeSchema.safeParse(json);
  if (!envelope.success) throw new NotebookFormatError(file, null, null, 'this is not an Organism Studio recovery file; discard it.');
  const checked = checkNotebook(envelope.data.notebook);
  if (!checked.ok) {
    const { path: where, field, problem } = checked.problem;
    throw new NotebookFormatError(file, field === null ? null : `notebook.${field}`, null, `${problem} (at ${formatPath(['notebook', ...where])}); the notebook in it would not open, so it cannot be restored: discard it.`);
  }
  return { ...envelope.data, notebook: checked.notebook };
}

/** The recovery offer for a notebook file: present only when the recovery file is newer. */
export async function findNewerRecovery(notebookPath: string, home: string, docId: string): Promise<{ savedAt: string; path: string } | null> {
  const file = recoveryPathFor(notebookPath, home, docId);
  const recoveryTime = await modifiedAt(file);
  const notebookTime = await modifiedAt(notebookPath);
  if (recoveryTime === null || (notebookTime !== null && recoveryTime <= notebookTime)) return null;
  const recovery = await readRecovery(file);
  return recovery ? { savedAt: recovery.savedAt, path: file } : null;
}

/** Untitled recovery files left by an earlier session (newest first), excluding ones in use. */
export async function orphanedUntitledRecoveries(home: string, inUse: ReadonlySet<string>): Promise<{ savedAt: string; path: string }[]> {
  const dir = untitledRecoveryDir(home);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const found: { savedAt: string; path: string }[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    // An untitled autosave interrupted before its rename: never newer than a committed one.
    if (/\.recovery\.json\.\d{1,10}$/.test(name)) {
      await rm(file, { force: true });
      continue;
    }
    if (!name.endsWith('.recovery.json') || inUse.has(file)) continue;
    const recovery = await readRecovery(file);
    if (recovery) found.push({ savedAt: recovery.savedAt, path: file });
  }
  return found.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}
