// Finding the Python interpreter and the python-bridge folder. The interpreter must be able to
// import torch: ORGANISM_STUDIO_PYTHON wins, then Debian's /usr/bin/python3 (where python3-torch
// installs), then whatever `python3` is on PATH (the bridge then reports a missing torch clearly).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PYTHON_ENV_VAR = 'ORGANISM_STUDIO_PYTHON';
const SYSTEM_PYTHON = '/usr/bin/python3';

/** True when `python -c "import torch"` succeeds within the timeout (async: importing torch takes seconds). */
export function canImportTorch(python: string, timeoutMs = 60_000): Promise<boolean> {
  if (!existsSync(python)) return Promise.resolve(false);
  return new Promise((resolve) => {
    execFile(python, ['-c', 'import torch'], { timeout: timeoutMs }, (err) => resolve(err === null));
  });
}

let cachedDefault: Promise<string> | undefined;

/** The interpreter to run the bridge with (see the file comment for the order). */
export function findPython(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const explicit = env[PYTHON_ENV_VAR];
  if (explicit && explicit.trim()) return Promise.resolve(explicit.trim());
  cachedDefault ??= canImportTorch(SYSTEM_PYTHON).then((ok) => (ok ? SYSTEM_PYTHON : 'python3'));
  return cachedDefault;
}

function moduleDir(): string | undefined {
  // Under esbuild's CJS output import.meta.url is undefined; __dirname exists there instead.
  try {
    const url = import.meta.url;
    if (url) return dirname(fileURLToPath(url));
  } catch {
    /* fall through */
  }
  return typeof __dirname === 'string' ? __dirname : undefined;
}

function walkUpFor(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, 'python-bridge');
    if (existsSync(join(candidate, 'organism_bridge', '__init__.py'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The python-bridge folder (the bridge runs with it as cwd): an explicit path, the packaged app's
 * resources folder, or the nearest `python-bridge/` above this module or the working directory.
 */
export function findBridgeDir(explicit?: string): string {
  if (explicit) {
    if (!existsSync(join(explicit, 'organism_bridge'))) {
      throw new Error(`${explicit} has no organism_bridge package; pass the python-bridge folder of the app.`);
    }
    return explicit;
  }
  const resources = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  const starts = [resources, moduleDir(), process.cwd()].filter((s): s is string => typeof s === 'string');
  for (const start of starts) {
    const found = walkUpFor(start);
    if (found) return found;
  }
  throw new Error(`Cannot find the python-bridge folder above ${starts.join(' or ')}; run from the app folder or pass bridgeDir.`);
}
