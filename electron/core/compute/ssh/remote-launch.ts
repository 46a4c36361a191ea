// The remote command line that starts the bridge: cd into the installed python-bridge/, check that
// the interpreter exists (distinct exit codes, see ssh-errors.ts), then exec it with the notebook's
// precision. POSIX sh, because it runs in whatever login shell the remote user has.
import { EXIT_NO_BRIDGE, EXIT_NO_PYTHON } from './ssh-errors.js';
import { remotePathArg, shellQuote } from './ssh-command.js';

export interface RemoteLaunchOptions {
  python: string;
  bridgeDir: string;
  precision: 'fp32' | 'bf16';
}

export function remoteBridgeLaunchLine(o: RemoteLaunchOptions): string {
  const dir = remotePathArg(`${o.bridgeDir.replace(/\/+$/, '')}/python-bridge`);
  const py = shellQuote(o.python);
  return [
    `cd ${dir} 2>/dev/null || { echo "organism-studio: no bridge installed in ${o.bridgeDir}" >&2; exit ${EXIT_NO_BRIDGE}; }`,
    `command -v ${py} >/dev/null 2>&1 || { echo "organism-studio: ${o.python} not found" >&2; exit ${EXIT_NO_PYTHON}; }`,
    `exec env PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 ORGANISM_BRIDGE_PRECISION=${o.precision} ${py} -u -m organism_bridge`,
  ].join('; ');
}
