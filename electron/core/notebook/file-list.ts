// The web host's file list (README "File access"): what Open, Save As and the JSONL picker show
// where there is no native dialog. Only folders the user already works in can be listed: the
// workspace (<home>/notebooks/) and the folders of notebooks opened before (from the recent list),
// with their subfolders. Each request's folder is resolved through symlinks and must stay inside
// one of those roots, so `..`, a symlink out, or any other folder is refused. Entries are only
// folders and the files the picker asks for (notebooks or JSONL datasets): names, sizes and
// times, never content.
import type { Dirent } from 'node:fs';
import { mkdir, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { StudioError } from '../service/studio-errors.js';
import { NOTEBOOK_EXTENSION } from './notebook-files.js';

export type FileListShow = 'notebook' | 'jsonl';

export interface FileEntry {
  name: string;
  path: string;
  kind: 'folder' | 'notebook' | 'jsonl';
  /** ISO time of the last change (null for a folder). */
  modifiedAt: string | null;
  size: number | null;
}

export interface FileListing {
  folder: string;
  /** The folder above, when it is still inside a root (null at a root). */
  parent: string | null;
  roots: Array<{ path: string; label: string }>;
  entries: FileEntry[];
  /** More entries than MAX_ENTRIES: the rest are left out (type a path instead). */
  truncated: boolean;
}

/** A listing larger than this is cut (a folder of 100k files must not stall the host). */
export const MAX_ENTRIES = 2000;

const EXTENSIONS: Record<FileListShow, string> = { notebook: NOTEBOOK_EXTENSION, jsonl: '.jsonl' };

/** The folders that may be listed: the workspace first, then each recent notebook's folder. */
export async function listableRoots(home: string, recentNotebooks: readonly string[]): Promise<Array<{ path: string; label: string }>> {
  const workspace = path.join(home, 'notebooks');
  await mkdir(workspace, { recursive: true });
  const roots: Array<{ path: string; label: string }> = [{ path: await realpath(workspace), label: 'Workspace' }];
  for (const file of recentNotebooks) {
    const folder = await realpath(path.dirname(file)).catch(() => null);
    if (folder && !roots.some((r) => r.path === folder)) roots.push({ path: folder, label: path.basename(folder) || folder });
  }
  return roots;
}

const inside = (folder: string, root: string): boolean => {
  const relative = path.relative(root, folder);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/** List `folder` (default: the workspace), refusing anything outside the roots. */
export async function listFolder(options: { home: string; recentNotebooks: readonly string[]; folder?: string; show: FileListShow }): Promise<FileListing> {
  const roots = await listableRoots(options.home, options.recentNotebooks);
  const requested = options.folder ?? roots[0]!.path;
  if (!path.isAbsolute(requested)) {
    throw new StudioError('folder-not-allowed', `cannot list "${requested}": give an absolute folder path (one of the places the file list shows).`);
  }
  const resolved = await realpath(path.resolve(requested)).catch(() => {
    throw new StudioError('folder-missing', `cannot list ${requested}: no such folder. Pick one of the places on the left.`);
  });
  const root = roots.find((r) => inside(resolved, r.path));
  if (!root) {
    throw new StudioError(
      'folder-not-allowed',
      `cannot list ${requested}: the file list shows only the workspace and the folders of notebooks you opened before. Type the file's full path in the path box instead.`,
    );
  }
  if (!(await stat(resolved)).isDirectory()) throw new StudioError('folder-missing', `cannot list ${requested}: it is not a folder.`);
  let dirents: Dirent[];
  try {
    dirents = await readdir(resolved, { withFileTypes: true });
  } catch (error) {
    throw new StudioError('folder-unreadable', `cannot list ${requested}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}. Check its permissions.`);
  }
  const extension = EXTENSIONS[options.show];
  // Hidden files, symlinks (which could lead out of the root) and a notebook's artifact folders are not shown.
  const wanted = dirents.filter(
    (d) => !d.name.startsWith('.') && ((d.isDirectory() && !d.name.endsWith('.studio')) || (d.isFile() && d.name.endsWith(extension))),
  );
  const entries: FileEntry[] = [];
  for (const d of wanted.slice(0, MAX_ENTRIES)) {
    const full = path.join(resolved, d.name);
    const info = await stat(full).catch(() => null);
    if (!info) continue;
    entries.push(
      d.isDirectory()
        ? { name: d.name, path: full, kind: 'folder', modifiedAt: null, size: null }
        : { name: d.name, path: full, kind: options.show, modifiedAt: info.mtime.toISOString(), size: info.size },
    );
  }
  // Folders first, then files by name (as every file dialog does).
  entries.sort((a, b) => Number(b.kind === 'folder') - Number(a.kind === 'folder') || a.name.localeCompare(b.name));
  const above = path.dirname(resolved);
  return { folder: resolved, parent: resolved !== root.path && inside(above, root.path) ? above : null, roots, entries, truncated: wanted.length > MAX_ENTRIES };
}
