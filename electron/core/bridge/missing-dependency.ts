// Turning "the bridge could not start" into one actionable message. The bridge exits with code 3
// when a dependency is missing; an older or broken bridge may only print ModuleNotFoundError.
import { PYTHON_ENV_VAR } from './python-locator.js';

export const MISSING_DEPENDENCY_EXIT_CODE = 3;

const DEBIAN_PACKAGE: Record<string, string> = {
  torch: 'python3-torch',
  onnx: 'python3-onnx',
  numpy: 'python3-numpy',
};

/** The name of the missing module, when stderr shows a ModuleNotFoundError. */
export function missingModuleIn(stderr: readonly string[]): string | null {
  for (const line of [...stderr].reverse()) {
    // Python's own traceback, or the bridge's "missing Python dependency (torch)" line.
    const m = /No module named '([^'.]+)/.exec(line) ?? /missing Python dependency \(([\w-]+)/.exec(line);
    if (m) return m[1]!;
  }
  return null;
}

/** The install command the bridge printed after "Install it with:", when it did. */
function bridgeInstallCommand(stderr: readonly string[]): string | null {
  const i = stderr.findIndex((l) => /Install it with:\s*$/.test(l));
  const next = i >= 0 ? stderr[i + 1]?.trim() : undefined;
  return next ? next : null;
}

export function isMissingDependency(exitCode: number | null, stderr: readonly string[]): boolean {
  return exitCode === MISSING_DEPENDENCY_EXIT_CODE || missingModuleIn(stderr) !== null;
}

export function missingDependencyMessage(python: string, stderr: readonly string[]): string {
  const module = missingModuleIn(stderr);
  if (module === 'organism_bridge') {
    return `${python} cannot find the organism_bridge package: the bridge folder is incomplete. Reinstall the app or run from the repository root.`;
  }
  const what = module ? `the Python module "${module}"` : 'a Python dependency';
  const pkg = module ? DEBIAN_PACKAGE[module] : undefined;
  const install =
    bridgeInstallCommand(stderr) ?? (pkg ? `sudo apt-get install ${pkg}` : 'sudo apt-get install python3-torch python3-onnx');
  return (
    `The Python bridge cannot start: ${python} is missing ${what}. ` +
    `Install it with: ${install} (or point ${PYTHON_ENV_VAR} at a Python that has PyTorch 1.13+ and onnx).` +
    (stderr.length ? `\n${stderr.slice(-5).join('\n')}` : '')
  );
}
