#!/usr/bin/env node
// npm run study -- <notebook.organism.json> --report <file.html> [--csv f] [--json f] [--png dir]
// Runs the notebook's stale cells headless (progress on stderr) and writes the report.
// The TypeScript runner is loaded through tsx, which is installed with the dev dependencies.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'study', 'run-study.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: process.cwd(),
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
