// `npm test`: every suite in order, a header per suite and a summary table at the end; exits
// non-zero when any suite fails. Suites: typecheck, vitest (unit + integration), pytest (bridge),
// electronegativity (Electron host security), build (renderer + Electron bundles), e2e (each
// tests/e2e/*.e2e.ts in its own process, against that build).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { buildElectron } from './lib/build-electron.mjs';
import { ensureRendererBuilt, ensureSetUp } from './lib/bootstrap.mjs';
import { runElectronegativity } from './lib/electronegativity.mjs';
import { PYTHON, ROOT, bin } from './lib/paths.mjs';
import { formatSeconds, run } from './lib/proc.mjs';

await ensureSetUp(['chromium', 'python3-torch', 'python3-onnx', 'libopenblas0-pthread', 'python3-pytest', 'python3-hypothesis', 'python3-sklearn']);

const filesIn = (dir, pattern) => (existsSync(path.join(ROOT, dir)) ? readdirSync(path.join(ROOT, dir)).filter((f) => pattern.test(f)).sort() : []);

/** Each suite returns { ok, note }. */
const suites = [
  {
    name: 'typecheck',
    run: async () => {
      if ((await run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'])) !== 0) return { ok: false, note: 'tsc found errors' };
      if (!existsSync(path.join(ROOT, 'renderer', 'tsconfig.json'))) return { ok: true, note: 'tsc (no renderer/tsconfig.json for svelte-check)' };
      const code = await run(bin('svelte-check'), ['--tsconfig', 'renderer/tsconfig.json', '--fail-on-warnings', '--output', 'human']);
      return { ok: code === 0, note: code === 0 ? 'tsc + svelte-check' : 'svelte-check found problems' };
    },
  },
  {
    name: 'vitest',
    run: async () => {
      const code = await run(bin('vitest'), ['run']);
      return { ok: code === 0, note: 'tests/unit + tests/integration' };
    },
  },
  {
    name: 'pytest',
    run: async () => {
      const tests = filesIn('tests/bridge', /^test_.*\.py$|_test\.py$/);
      if (tests.length === 0) return { ok: true, note: 'no tests in tests/bridge' };
      const code = await run(PYTHON, ['-m', 'pytest', 'tests/bridge', '-q']);
      return { ok: code === 0, note: `${tests.length} files` };
    },
  },
  {
    name: 'electronegativity',
    run: async () => {
      const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
      const electronVersion = String(pkg.devDependencies?.electron ?? '').replace(/^[^\d]*/, '');
      const { checks, findings, blocking } = await runElectronegativity({ input: path.join(ROOT, 'electron'), electronVersion });
      for (const f of findings) console.log(`  ${f.severity.padEnd(13)} ${f.confidence.padEnd(10)} ${f.issue}  ${f.file}:${f.location}  ${f.description}`);
      const low = findings.length - blocking.length;
      return { ok: blocking.length === 0, note: `${checks} checks; ${blocking.length} high/medium, ${low} low/informational` };
    },
  },
  {
    name: 'build',
    run: async () => {
      await ensureRendererBuilt(); // when stale; the e2e suite drives this build
      await buildElectron(); // the Electron bundles must build even where Electron cannot run
      return { ok: true, note: 'renderer (vite, if stale) + Electron bundles (esbuild)' };
    },
  },
  {
    name: 'e2e',
    run: async () => {
      const files = filesIn('tests/e2e', /\.e2e\.ts$/);
      if (files.length === 0) return { ok: true, note: 'no tests/e2e/*.e2e.ts files' };
      const failed = [];
      for (const file of files) {
        console.log(`\n  ▸ ${file}`);
        const code = await run(process.execPath, ['--import', 'tsx', path.join('tests', 'e2e', file)]);
        if (code !== 0) failed.push(file);
      }
      return { ok: failed.length === 0, note: failed.length === 0 ? `${files.length} files` : `failed: ${failed.join(', ')}` };
    },
  },
];

const only = process.argv.slice(2);
const results = [];
for (const suite of suites) {
  if (only.length > 0 && !only.includes(suite.name)) continue;
  console.log(`\n━━━ ${suite.name} ${'━'.repeat(Math.max(3, 60 - suite.name.length))}`);
  const started = performance.now();
  let outcome;
  try {
    outcome = await suite.run();
  } catch (error) {
    outcome = { ok: false, note: error instanceof Error ? error.message : String(error) };
  }
  results.push({ name: suite.name, ...outcome, ms: performance.now() - started });
}

console.log('\n━━━ summary ' + '━'.repeat(53));
console.log(`${'suite'.padEnd(20)}${'result'.padEnd(9)}${'duration'.padStart(10)}  note`);
for (const r of results) console.log(`${r.name.padEnd(20)}${(r.ok ? 'pass' : 'FAIL').padEnd(9)}${formatSeconds(r.ms).padStart(10)}  ${r.note}`);
const failedSuites = results.filter((r) => !r.ok);
console.log(failedSuites.length === 0 ? '\nAll suites passed.' : `\n${failedSuites.length} suite(s) failed: ${failedSuites.map((r) => r.name).join(', ')}`);
process.exit(failedSuites.length === 0 ? 0 : 1);
