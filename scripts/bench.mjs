// `npm run bench`: every tests/bench/*.bench.ts (node --import tsx) and tests/bench/*.py
// (Debian's python3), one after another (they share the CPU); each prints its own table.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ensureNodeModules, ensureRendererBuilt } from './lib/bootstrap.mjs';
import { ensureWebHostBuilt } from './lib/build-web-host.mjs';
import { PYTHON, ROOT } from './lib/paths.mjs';
import { fail, formatSeconds, run } from './lib/proc.mjs';

await ensureNodeModules();
const dir = path.join(ROOT, 'tests', 'bench');
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.bench.ts') || f.endsWith('.py')).sort() : [];
const only = process.argv.slice(2);
const selected = only.length > 0 ? files.filter((f) => only.some((o) => f.includes(o))) : files;
if (selected.some((f) => f.startsWith('shell') || f.startsWith('startup'))) {
  await ensureRendererBuilt().catch((error) => fail(error.message));
  await ensureWebHostBuilt().catch((error) => fail(`bundling the web host failed: ${error.message}`));
}

const results = [];
for (const file of selected) {
  console.log(`\n━━━ ${file} ${'━'.repeat(Math.max(3, 60 - file.length))}`);
  const started = performance.now();
  const code = file.endsWith('.py')
    ? await run(PYTHON, [path.join('tests', 'bench', file)])
    : await run(process.execPath, ['--import', 'tsx', path.join('tests', 'bench', file)]);
  results.push({ file, ok: code === 0, ms: performance.now() - started });
}
console.log('\n━━━ benchmarks ' + '━'.repeat(50));
for (const r of results) console.log(`${r.file.padEnd(36)}${(r.ok ? 'ok' : 'FAIL').padEnd(6)}${formatSeconds(r.ms).padStart(10)}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
