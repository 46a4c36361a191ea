// Autosave target: a recovery file holding the unsaved notebook. For a saved notebook it sits next
// to it (`<file>.recovery.json`); for an untitled one under ORGANISM_STUDIO_HOME/recovery/. It is
// deleted on save, discard and close, so one that survives means the app ended with unsaved work.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { NotebookSchema, type Notebook } from '../../shared/notebook-schema.js';
import { modifiedAt, writeTextAtomic } from './notebook-files.js';

export const RECOVERY_FORMAT = 'organism-studio-recovery';

const RecoveryFileSchema = z.object({
  format: z.literal(RECOVERY_FORMAT),
  savedAt: z.string(),
  /** The notebook file this recovers, or null for an untitled notebook. */
  source: z.string().nullable(),
  notebook: NotebookSchema,
});
export type RecoveryFile = z.infer<typeof RecoveryFileSchema>;

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

export async function readRecovery(file: string): Promise<RecoveryFile | null> {
  try {
    const parsed = RecoveryFileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null; // a damaged recovery file is not worth an error
  } catch {
    return null;
  }
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
    if (!name.endsWith('.recovery.json') || inUse.has(file)) continue;
    const recovery = await readRecovery(file);
    if (recovery) found.push({ savedAt: recovery.savedAt, path: file });
  }
  return found.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}
