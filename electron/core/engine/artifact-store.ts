// The artifact cache next to a notebook: `<dir>/<name>.studio/artifacts/<hash>/` holds manifest.json,
// result.json and whatever the runner wrote (model dirs, ONNX exports, metrics JSONL). A run writes
// into a temporary sibling directory that is renamed into place only when it succeeded, so a
// directory named by a hash is always complete: its presence *is* the cache hit.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { CellRunOutput } from './types.js';

export const ArtifactManifestSchema = z
  .object({
    hash: z.string(),
    kind: z.string(),
    cellName: z.string(),
    config: z.unknown(),
    inputs: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    codeVersion: z.string(),
    runnerVersion: z.string(),
    startedAt: z.string(),
    finishedAt: z.string(),
    durationMs: z.number().nonnegative(),
  })
  .passthrough();
export type ArtifactManifest = z.infer<typeof ArtifactManifestSchema>;

const StoredResultSchema = z.object({
  summary: z.record(z.string(), z.unknown()),
  data: z.unknown(),
});

export interface StoredArtifact {
  hash: string;
  dir: string;
  manifest: ArtifactManifest;
  output: CellRunOutput;
}

/** Where a notebook's artifacts live; unsaved notebooks get a per-document folder in the temp dir. */
export function artifactRootFor(notebookPath: string | null, fallbackKey: string): string {
  if (!notebookPath) return path.join(tmpdir(), 'organism-studio-unsaved', fallbackKey, 'artifacts');
  const base = path.basename(notebookPath).replace(/(\.organism)?\.json$/i, '');
  return path.join(path.dirname(notebookPath), `${base}.studio`, 'artifacts');
}

export class ArtifactStore {
  constructor(readonly root: string) {}

  dirOf(hash: string): string {
    return path.join(this.root, hash);
  }

  has(hash: string): boolean {
    return existsSync(path.join(this.dirOf(hash), 'result.json'));
  }

  async read(hash: string): Promise<StoredArtifact | null> {
    const dir = this.dirOf(hash);
    let manifestText: string;
    let resultText: string;
    try {
      [manifestText, resultText] = await Promise.all([
        readFile(path.join(dir, 'manifest.json'), 'utf8'),
        readFile(path.join(dir, 'result.json'), 'utf8'),
      ]);
    } catch {
      return null;
    }
    const manifest = ArtifactManifestSchema.safeParse(JSON.parse(manifestText));
    const output = StoredResultSchema.safeParse(JSON.parse(resultText));
    if (!manifest.success || !output.success) {
      throw new Error(
        `The cached artifact ${dir} is damaged (manifest.json or result.json does not match its schema). Delete that folder and run the cell again.`,
      );
    }
    return { hash, dir, manifest: manifest.data, output: output.data };
  }

  /** A fresh temporary directory for a run; `commit` moves it into place. */
  async begin(hash: string): Promise<string> {
    await mkdir(this.root, { recursive: true });
    const temp = path.join(this.root, `.tmp-${hash}-${randomBytes(4).toString('hex')}`);
    await mkdir(temp, { recursive: true });
    return temp;
  }

  async commit(tempDir: string, manifest: ArtifactManifest, output: CellRunOutput): Promise<StoredArtifact> {
    await writeFile(path.join(tempDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await writeFile(path.join(tempDir, 'result.json'), JSON.stringify(output));
    const finalDir = this.dirOf(manifest.hash);
    if (this.has(manifest.hash)) {
      // Another run of the same content finished first; both are equivalent, keep the first.
      await rm(tempDir, { recursive: true, force: true });
    } else {
      await rm(finalDir, { recursive: true, force: true }); // a half-written leftover without result.json
      await rename(tempDir, finalDir);
    }
    return { hash: manifest.hash, dir: finalDir, manifest, output };
  }

  async discard(tempDir: string): Promise<void> {
    await rm(tempDir, { recursive: true, force: true });
  }

  /** Removes temporary directories left by a crash (never a committed artifact). */
  async sweepTemporaries(): Promise<number> {
    let entries: string[];
    try {
      entries = await readdir(this.root);
    } catch {
      return 0;
    }
    const temps = entries.filter((e) => e.startsWith('.tmp-'));
    await Promise.all(temps.map((e) => rm(path.join(this.root, e), { recursive: true, force: true })));
    return temps.length;
  }
}
