// Where the app's own files are (package.json, assets/) and where the user's are
// (ORGANISM_STUDIO_HOME, default ~/.organism-studio). Works from the TypeScript sources (tsx,
// vitest) and from the esbuild CommonJS bundle in build/electron/.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function moduleDir(): string {
  // In the CommonJS bundle __dirname exists; in ESM (tsx, vitest) import.meta.url does.
  if (typeof __dirname !== 'undefined') return __dirname;
  return path.dirname(fileURLToPath(import.meta.url));
}

/** The folder holding organism-studio's package.json (ORGANISM_STUDIO_ROOT overrides). */
export function resolveAppRoot(): string {
  const fromEnv = process.env['ORGANISM_STUDIO_ROOT'];
  if (fromEnv) return path.resolve(fromEnv);
  for (let dir = moduleDir(); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && readPackageName(pkg) === 'organism-studio') return dir;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error('cannot find the Organism Studio installation (package.json named "organism-studio"); set ORGANISM_STUDIO_ROOT to its folder.');
}

export function appVersion(appRoot: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** ORGANISM_STUDIO_HOME, or ~/.organism-studio. */
export function defaultHome(): string {
  const fromEnv = process.env['ORGANISM_STUDIO_HOME'];
  return fromEnv ? path.resolve(fromEnv) : path.join(os.homedir(), '.organism-studio');
}

function readPackageName(file: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown };
    return typeof pkg.name === 'string' ? pkg.name : undefined;
  } catch {
    return undefined;
  }
}
