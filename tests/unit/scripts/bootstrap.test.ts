// The start-up bootstrap's pieces: the setup stamp (a fresh one answers without npm, dpkg or
// Python; an install, an apt change, another interpreter or an uncovered package voids it), npm ci's
// engine warnings folded (real npm 11 output on Node 20), and the web host bundle `npm start` runs.
import { spawn } from 'node:child_process';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WEB_HOST_BUNDLE, ensureWebHostBuilt, webHostIsStale } from '../../../scripts/lib/build-web-host.mjs';
import { foldNpmWarnings } from '../../../scripts/lib/npm-ci.mjs';
import { recordSetup, setupIsFresh, type SetupStamp } from '../../../scripts/lib/setup-stamp.mjs';
import { tempDir } from '../notebook/support/notebooks.js';

function stampIn(dir: string): SetupStamp {
  const lock = path.join(dir, 'package-lock.json');
  const dpkg = path.join(dir, 'dpkg-status');
  writeFileSync(lock, '{}');
  writeFileSync(dpkg, 'Package: python3-torch\n');
  const past = new Date(Date.now() - 60_000);
  utimesSync(lock, past, past);
  utimesSync(dpkg, past, past);
  return { file: path.join(dir, 'stamp.json'), inputs: [lock, dpkg], python: '/usr/bin/python3' };
}

describe('setup stamp', () => {
  it('is fresh only after a full check recorded the packages asked for', () => {
    const stamp = stampIn(tempDir('organism-stamp-'));
    expect(setupIsFresh(['python3-torch'], stamp)).toBe(false);
    recordSetup(['python3-torch', 'python3-onnx'], stamp);
    expect(setupIsFresh(['python3-torch'], stamp)).toBe(true);
    expect(setupIsFresh(['python3-torch', 'python3-pytest'], stamp)).toBe(false);
    recordSetup(['python3-pytest'], stamp); // a later, wider check keeps what the earlier one covered
    expect(setupIsFresh(['python3-torch', 'python3-onnx', 'python3-pytest'], stamp)).toBe(true);
  });

  it('is void after the lockfile or dpkg status changes, for another Python, or when unreadable', () => {
    const stamp = stampIn(tempDir('organism-stamp-'));
    recordSetup(['python3-torch'], stamp);
    expect(setupIsFresh(['python3-torch'], { ...stamp, python: '/opt/other/python3' })).toBe(false);

    const later = new Date(Date.now() + 60_000);
    utimesSync(stamp.inputs[1] as string, later, later); // apt installed or removed something
    expect(setupIsFresh(['python3-torch'], stamp)).toBe(false);
    recordSetup(['python3-torch'], stamp);
    utimesSync(stamp.file, later, later);
    expect(setupIsFresh(['python3-torch'], stamp)).toBe(true);
    const evenLater = new Date(Date.now() + 120_000);
    utimesSync(stamp.inputs[0] as string, evenLater, evenLater); // npm install rewrote the lockfile
    expect(setupIsFresh(['python3-torch'], stamp)).toBe(false);

    writeFileSync(stamp.file, 'not json');
    utimesSync(stamp.file, new Date(Date.now() + 180_000), new Date(Date.now() + 180_000));
    expect(setupIsFresh(['python3-torch'], stamp)).toBe(false);
  });
});

describe('npm ci output', () => {
  const real = readFileSync('tests/fixtures/npm/npm-ci-node20.stderr.txt', 'utf8');

  it('folds the packaging toolchain engine warnings and keeps everything else', () => {
    const { kept, folded } = foldNpmWarnings(real);
    expect(folded).toEqual(['@electron-internal/extract-zip', '@electron/get', '@electron/rebuild', 'electron', 'node-abi']);
    expect(kept).not.toMatch(/EBADENGINE/);
    expect(kept).toMatch(/added 725 packages/);
  });

  it('keeps an engine warning for any other package, whole', () => {
    const other = real.replace("package: 'node-abi@4.40.0'", "package: 'zod@9.0.0'");
    const { kept, folded } = foldNpmWarnings(other);
    expect(folded).not.toContain('node-abi');
    expect(kept).toMatch(/npm warn EBADENGINE Unsupported engine \{\nnpm warn EBADENGINE {3}package: 'zod@9\.0\.0',\n[^]*?npm warn EBADENGINE }/);
  });
});

describe('web host bundle', () => {
  it('builds, is fresh afterwards, and serves the app as `npm start` runs it', async () => {
    await ensureWebHostBuilt();
    expect(webHostIsStale()).toBe(false);
    const bundle = readFileSync(WEB_HOST_BUNDLE, 'utf8');
    expect(bundle).toMatch(/await import\("playwright-core"\)/); // left in node_modules, loaded on the first PNG
    const child = spawn(process.execPath, [WEB_HOST_BUNDLE, '--home', tempDir('organism-bundle-home-')], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        child.on('exit', (code) => reject(new Error(`the bundled host exited (${code}) before its banner: ${out}`)));
      });
      const response = await fetch(url);
      expect(response.status).toBeOneOf([200, 503]); // 503: the renderer is not built in this checkout
      expect(response.headers.get('content-security-policy') ?? (await response.text())).toBeTruthy();
    } finally {
      child.kill('SIGTERM');
    }
  });
});
