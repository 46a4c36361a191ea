// SHA-256 of every file under a folder (hidden names skipped: they are temporary siblings the bridge
// renames into place), locally with node:crypto and remotely with coreutils' sha256sum.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** relative path ("sub/file") → hex digest */
export type Checksums = Map<string, string>;

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

function listFiles(root: string, rel = ''): string[] {
  const dir = path.join(root, rel);
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(root, child));
    else if (entry.isFile()) out.push(child);
  }
  return out;
}

export async function localChecksums(root: string): Promise<Checksums> {
  const sums: Checksums = new Map();
  if (!existsSync(root) || !statSync(root).isDirectory()) return sums;
  for (const rel of listFiles(root).sort()) sums.set(rel, await sha256File(path.join(root, rel)));
  return sums;
}

/** The remote shell command that prints `<hex>  ./<path>` for every file under `dirArg` (nothing if absent). */
export function remoteChecksumCommand(dirArg: string): string {
  return `cd ${dirArg} 2>/dev/null || exit 0; find . -type f ! -path '*/.*' -print0 | xargs -0 -r sha256sum`;
}

export function parseSha256sum(text: string): Checksums {
  const sums: Checksums = new Map();
  for (const line of text.split('\n')) {
    const m = /^\\?([0-9a-f]{64}) [ *]\.\/(.+)$/.exec(line);
    if (m) sums.set(m[2] as string, m[1] as string);
  }
  return sums;
}

/** Files of `source` that `target` lacks or holds with other bytes. */
export function differing(source: Checksums, target: Checksums): string[] {
  return [...source.entries()].filter(([rel, sum]) => target.get(rel) !== sum).map(([rel]) => rel);
}
