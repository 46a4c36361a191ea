// Reading and atomically writing notebook files. write-file-atomic writes a temp file next to the
// target, fsyncs it, then renames it over the target: a crash at any point leaves either the old
// file or the new one, never half of either.
import { constants } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Notebook } from '../../shared/notebook-schema.js';
import { parseNotebookText, serializeNotebook } from './parse-notebook.js';

export const NOTEBOOK_EXTENSION = '.organism.json';
/** Largest notebook or recovery file read (a 50 MB markdown cell fits; a runaway file does not). */
export const MAX_NOTEBOOK_BYTES = 128 * 1024 * 1024;

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
  return parseNotebookText(await readBoundedText(file, MAX_NOTEBOOK_BYTES, 'notebook'), file);
}

/**
 * What the app's Open does (both hosts; see README "File access"): only `*.organism.json` files are
 * read, so a path to any other file is refused before it is opened; the temp files of saves that
 * were interrupted beside it are removed once it has been read.
 */
export async function openNotebookFile(file: string): Promise<Notebook> {
  if (!file.endsWith(NOTEBOOK_EXTENSION)) {
    throw new NotebookFileError('notebook-path', `cannot open ${file}: Organism Studio opens only notebook files, whose names end in ${NOTEBOOK_EXTENSION}.`);
  }
  const notebook = await readNotebookFile(file);
  await removeInterruptedSaves(file);
  return notebook;
}

/**
 * The text of a regular file of at most `maxBytes`, checked before reading: a FIFO or a device
 * would block a read forever (and hold one of libuv's four I/O threads, stalling unrelated
 * requests), a huge file would eat memory. The open is non-blocking (a FIFO opens at once) and the
 * checks use the opened descriptor, so the file cannot be swapped between check and read.
 */
export async function readBoundedText(file: string, maxBytes: number, what: string): Promise<string> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw describeFsError(error, file, 'open');
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new NotebookFileError('is-directory', `cannot open ${file}: it is a folder; choose a ${NOTEBOOK_EXTENSION} file.`);
    if (!info.isFile()) throw new NotebookFileError('not-a-file', `cannot open ${file}: it is not a regular file (a pipe, socket or device), so it cannot be a ${what}.`);
    if (info.size > maxBytes) {
      throw new NotebookFileError('too-large', `cannot open ${file}: it is ${megabytes(info.size)} MB, over the ${megabytes(maxBytes)} MB limit for a ${what}.`);
    }
    // Read what stat promised and no more: a file that keeps growing does not grow the read.
    const buffer = Buffer.alloc(info.size);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.toString('utf8', 0, filled);
  } catch (error) {
    throw error instanceof NotebookFileError ? error : describeFsError(error, file, 'open');
  } finally {
    await handle.close();
  }
}

/**
 * Write a notebook atomically, after checking that the exact text written would open again (a
 * save must never replace a good file with one the app then refuses). Folders are created only
 * where `createFolders` says so (the workspace); elsewhere the folder must exist.
 */
export async function writeNotebookFile(file: string, notebook: Notebook, options: { createFolders?: boolean } = {}): Promise<void> {
  if (!file.endsWith(NOTEBOOK_EXTENSION)) {
    throw new NotebookFileError('notebook-path', `cannot save to ${file}: notebook files must end in ${NOTEBOOK_EXTENSION} (for example ${file.replace(/(\.json)?$/, NOTEBOOK_EXTENSION)}).`);
  }
  const text = serializeNotebook(notebook);
  parseNotebookText(text, file);
  await writeTextAtomic(file, text, options);
}

export async function writeTextAtomic(file: string, text: string, options: { createFolders?: boolean } = {}): Promise<void> {
  try {
    if (options.createFolders ?? true) await mkdir(path.dirname(file), { recursive: true });
    else if (!(await stat(path.dirname(file)).catch(() => null))?.isDirectory()) {
      throw new NotebookFileError('not-found', `cannot write ${file}: the folder ${path.dirname(file)} does not exist; create it first or choose another folder.`);
    }
    await writeFileAtomic(file, text, { encoding: 'utf8', fsync: true });
  } catch (error) {
    throw error instanceof NotebookFileError ? error : describeFsError(error, file, 'write');
  }
}

/**
 * Remove the temp files interrupted atomic saves left beside `file` (write-file-atomic names them
 * `<file>.<uint32>`; its recovery file's are `<file>.recovery.json.<uint32>`). They never hold newer
 * content than the file: the rename is the commit, so a temp file that survives was never committed.
 */
export async function removeInterruptedSaves(file: string): Promise<string[]> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!isInterruptedSave(name, base) && !isInterruptedSave(name, `${base}.recovery.json`)) continue;
    const leftover = path.join(dir, name);
    const info = await stat(leftover).catch(() => null);
    if (!info?.isFile()) continue;
    await rm(leftover, { force: true });
    removed.push(leftover);
  }
  return removed;
}

function isInterruptedSave(name: string, of: string): boolean {
  return name.length > of.length + 1 && name.startsWith(`${of}.`) && /^\d{1,10}$/.test(name.slice(of.length + 1));
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
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
