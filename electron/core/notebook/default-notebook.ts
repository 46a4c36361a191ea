// The notebook `notebook.openDefault` opens. Packaged assets are read-only and artifacts live next
// to the notebook, so the first open copies the asset into ORGANISM_STUDIO_HOME/notebooks/ and
// every later open uses that copy (with the user's edits and results).
import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Candidates under assets/notebooks/, in order of preference: the first that exists is the default. */
export const DEFAULT_NOTEBOOK_CANDIDATES = ['default-study.organism.json', 'welcome.organism.json'] as const;

export function defaultNotebookAsset(appRoot: string): string {
  const dir = path.join(appRoot, 'assets', 'notebooks');
  for (const name of DEFAULT_NOTEBOOK_CANDIDATES) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`no default notebook in ${dir} (expected one of ${DEFAULT_NOTEBOOK_CANDIDATES.join(', ')}); reinstall the app or pass a notebook path.`);
}

/** Copy `asset` into `<home>/notebooks/` unless a copy is already there; returns the copy's path. */
export async function workspaceCopyOf(asset: string, home: string): Promise<string> {
  const target = path.join(home, 'notebooks', path.basename(asset));
  if (!existsSync(target)) {
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(asset, target);
  }
  return target;
}
