// `npm ci` for the bootstrap, with its known and harmless warnings folded into one line each. The
// Electron packaging toolchain (electron, electron-builder's @electron/* helpers, node-abi) declares
// Node >= 22.12; it runs only for `npm run dist` (Electron's own download is skipped), so on the
// Node 20 this project supports npm's block of EBADENGINE warnings per package says nothing to act
// on. Any other warning, and every error, is passed through as npm printed it.
import { spawn } from 'node:child_process';
import { ROOT } from './paths.mjs';

/** Packages whose engine warning is known: packaging-only, never loaded by start, test or bench. */
export const PACKAGING_ONLY = ['electron', 'electron-builder', 'app-builder-lib', 'dmg-builder', 'node-abi', 'electron-builder-squirrel-windows'];
const isPackagingOnly = (name) => name.startsWith('@electron/') || name.startsWith('@electron-internal/') || PACKAGING_ONLY.includes(name);

/**
 * Split npm's stderr into what to print and the packaging-only engine warnings it folded. An
 * EBADENGINE warning is a block of lines from `Unsupported engine {` to `}`.
 */
export function foldNpmWarnings(text) {
  const kept = [];
  const folded = [];
  let block = null;
  for (const line of text.split('\n')) {
    if (block) {
      block.push(line);
      if (/^npm warn EBADENGINE }\s*$/.test(line)) {
        const name = /package: '(.+)@[^@']+'/.exec(block.join('\n'))?.[1];
        if (name && isPackagingOnly(name)) folded.push(name);
        else kept.push(...block);
        block = null;
      }
    } else if (/^npm warn EBADENGINE Unsupported engine \{\s*$/.test(line)) block = [line];
    else kept.push(line);
  }
  if (block) kept.push(...block); // an unfinished block: print it as it came
  return { kept: kept.join('\n'), folded };
}

/** Run `npm ci`; resolves with its exit code after printing its output, warnings folded. */
export function npmCi(env) {
  console.log(`Installing node_modules with npm ci (about 700 packages; Electron's and onnxruntime's downloads skipped)…`);
  return new Promise((resolve) => {
    const child = spawn('npm', ['ci', '--no-audit', '--no-fund', '--no-progress'], { cwd: ROOT, stdio: ['inherit', 'inherit', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    child.on('error', (error) => {
      console.error(`could not run npm: ${error.message}`);
      resolve(127);
    });
    child.on('close', (code) => {
      process.off('SIGINT', forward);
      const { kept, folded } = foldNpmWarnings(stderr);
      if (kept.trim()) process.stderr.write(`${kept.trimEnd()}\n`);
      if (folded.length > 0) {
        console.log(`(npm's Node >= 22.12 engine notes for ${folded.length} packaging-only packages (${[...new Set(folded)].join(', ')}) are left out: they run only for \`npm run dist\`.)`);
      }
      resolve(code ?? 1);
    });
  });
}
