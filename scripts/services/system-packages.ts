// The Debian packages a real-service test needs: installed with apt as root under CI=true, otherwise
// named with the command that installs them. Returns null when present, else the reason to skip.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function missingBinaries(binaries: readonly string[]): string[] {
  return binaries.filter((b) => !existsSync(b));
}

export function ensureServicePackages(packages: readonly string[], binaries: readonly string[]): string | null {
  let missing = missingBinaries(binaries);
  if (missing.length === 0) return null;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const command = `sudo apt-get install -y ${packages.join(' ')}`;
  if (process.env.CI === 'true' && isRoot) {
    console.log(`Installing ${packages.join(' ')} for the service tests (CI, root)…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', ...packages], { stdio: 'inherit', env });
    missing = missingBinaries(binaries);
    if (missing.length === 0) return null;
    return `apt-get install ${packages.join(' ')} did not provide ${missing.join(', ')}`;
  }
  return `${missing.join(', ')} missing; install with: ${command}`;
}
