// Child processes for the scripts: inherit the terminal, resolve with the exit code, and forward
// Ctrl+C so nothing is left running.
import { spawn, spawnSync } from 'node:child_process';
import { ROOT } from './paths.mjs';

/** Run to completion with inherited stdio; resolves with the exit code (signals count as failure). */
export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', ...options, env: { ...process.env, ...options.env } });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => {
      console.error(`could not run ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** Quick synchronous probe (exit code and trimmed stdout), never throws. */
export function probe(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  return { ok: result.status === 0, stdout: (result.stdout ?? '').trim(), stderr: (result.stderr ?? '').trim() };
}

export function fail(message) {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

export function formatSeconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}
