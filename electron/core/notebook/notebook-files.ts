// Reading and atomically writing notebook files. write-file-atomic writes a temp file next to the
// target, fsyncs it, then renames it over the target: a crash at any point leaves either the old
// file or the new one, never half of either.
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Notebook } from '../../shared/notebook-schema.js';
import { parseNotebookText, serializeNotebook } from './parse-notebook.js';

export const NOTEBOOK_EXTENSION = '.organism.json';

export class NotebookFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'NotebookFileError';
  }
}

export async function readNotebookFile(file: string): Promise<Notebook> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw describeFsError(error, file, 'open');
  }
  return parseNotebookText(text, file);
}

export async function writeNotebookFile(file: string, notebook: Notebook): Promise<void> {
  if (!file.endsWith(NOTEBOOK_EXTENSION)) {
    throw new NotebookFileError('notebook-path', `cannot save to ${file}: notebook files must end in ${NOTEBOOK_EXTENSION} (for example ${file.replace(/(\.json)?$/, NOTEBOOK_EXTENSION)}).`);
  }
  await writeTextAtomic(file, serializeNotebook(notebook));
}

export async function writeTextAtomic(file: string, text: string): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, text, { encoding: 'utf8', fsync: true });
  } catch (error) {
    throw describeFsError(error, file, 'write');
  }
}

/** Modification time in ms, or null when the file does not exist. */
export async function modifiedAt(file: string): Promise<number | null> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return null;
  }
}

export async function removeIfPresent(file: string): Promise<void> {
  await rm(file, { force: true });
}

/** `<dir>/<name>.studio/` for `<dir>/<name>.organism.json`: artifacts live next to the notebook. */
export function artifactsDirFor(file: string): string {
  const base = path.basename(file).replace(/\.organism\.json$|\.json$/, '');
  return path.join(path.dirname(file), `${base}.studio`);
}

function describeFsError(error: unknown, file: string, verb: 'open' | 'write'): NotebookFileError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new NotebookFileError('not-found', `cannot ${verb} ${file}: no such file or folder; check the path.`);
  if (code === 'EACCES' || code === 'EPERM') return new NotebookFileError('permission', `cannot ${verb} ${file}: permission denied; choose a folder you can write to or fix its permissions.`);
  if (code === 'EISDIR') return new NotebookFileError('is-directory', `cannot ${verb} ${file}: it is a folder; choose a ${NOTEBOOK_EXTENSION} file.`);
  return new NotebookFileError('io', `cannot ${verb} ${file}: ${(error as Error).message}`);
}
