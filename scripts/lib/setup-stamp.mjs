// The "is anything missing or stale" answer for an already set-up clone, in three stat calls and
// one small read: a stamp written after a full check passed (node_modules installed, the Debian
// packages present). It lives inside node_modules, so `npm ci` (which deletes that folder) drops it;
// it is stale when package-lock.json changed after it (an install or upgrade) or when dpkg's
// status file did (apt installed or removed something), and it only vouches for the packages and
// the Python interpreter it checked. A fresh stamp means no npm, dpkg or Python query at all.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NODE_MODULES, PYTHON, ROOT } from './paths.mjs';

/** Where the stamp lives and which files' changes void it (tests pass their own). */
export const DEFAULT_STAMP = {
  file: path.join(NODE_MODULES, '.organism-studio-setup.json'),
  inputs: [path.join(ROOT, 'package-lock.json'), '/var/lib/dpkg/status'],
  python: PYTHON,
};

const mtimeOf = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;

function readStamp(stamp) {
  const stampedAt = mtimeOf(stamp.file);
  if (stampedAt === 0 || stamp.inputs.some((file) => mtimeOf(file) > stampedAt)) return null;
  try {
    const content = JSON.parse(readFileSync(stamp.file, 'utf8'));
    return content.python === stamp.python && Array.isArray(content.packages) ? content : null;
  } catch {
    return null; // unreadable or hand-edited: check again
  }
}

/** True when a full check since the last change of the stamp's inputs covered `packages`. */
export function setupIsFresh(packages, stamp = DEFAULT_STAMP) {
  const content = readStamp(stamp);
  return content !== null && packages.every((name) => content.packages.includes(name));
}

/** After a full check passed: remember which packages it covered (with those a still-valid stamp had). */
export function recordSetup(packages, stamp = DEFAULT_STAMP) {
  const earlier = readStamp(stamp)?.packages ?? [];
  const merged = [...new Set([...earlier, ...packages])].sort();
  writeFileSync(stamp.file, `${JSON.stringify({ python: stamp.python, packages: merged, checkedAt: new Date().toISOString() }, null, 2)}\n`);
}
