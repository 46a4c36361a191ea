// Runs electronegativity (static security checks of the Electron host) offline and fails on any
// HIGH or MEDIUM finding. electronegativity contacts GitHub on every run (to fetch translations,
// and Electron's release list to suggest upgrades). Nothing may download at run time, so it gets
// an HTTP client that refuses every request: it then uses its bundled English strings and skips
// the upgrade suggestion (which needs the network). Every check on our code still runs.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

function offlineGot() {
  const refuse = () => Promise.reject(new Error('network disabled: Organism Studio runs electronegativity offline'));
  const got = Object.assign(refuse, { head: refuse, get: refuse, post: refuse, extend: () => got });
  return got;
}

/** Returns { findings, blocking } for the Electron sources under `input`. */
export async function runElectronegativity({ input, electronVersion }) {
  const packageDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
  const fromPackage = createRequire(path.join(packageDir, 'package.json'));
  const gotPath = fromPackage.resolve('got');
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offlineGot() };
  const run = fromPackage('./dist/runner.js');

  const quiet = console.log;
  console.log = () => undefined; // it narrates its offline fallbacks; the findings are what matter
  let result;
  try {
    result = await run({ input, isRelative: true, electronVersionOverride: electronVersion, customScan: [], excludeFromScan: [] });
  } finally {
    console.log = quiet;
  }
  if (result.errors.length > 0) {
    throw new Error(`electronegativity could not parse: ${result.errors.map((e) => `${e.file}: ${e.message ?? e.error ?? ''}`).join('; ')}`);
  }
  const findings = result.issues.map((issue) => ({
    issue: issue.id,
    severity: issue.severity.name,
    confidence: issue.confidence.name,
    file: issue.file,
    location: `${issue.location.line}:${issue.location.column}`,
    description: issue.description,
  }));
  return { checks: result.globalChecks + result.atomicChecks, findings, blocking: findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM') };
}
