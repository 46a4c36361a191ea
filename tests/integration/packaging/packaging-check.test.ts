// `npm run dist` without Electron's binary (it cannot be downloaded here): electron-builder's own
// validation accepts electron-builder.yml and refuses a broken one; a dry --dir build (a placeholder
// standing in for the binary) puts what the app loads where it must be, and no node_modules the
// bundles already contain; and where the download fails, dist says so in its one sentence, no stack.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { electronBinary } from '../../../scripts/lib/bootstrap.mjs';
import { buildElectron } from '../../../scripts/lib/build-electron.mjs';
import { noBinarySentence } from '../../../scripts/lib/electron-download.mjs';
import { dryDirBuild, loadBuilderConfig, validateBuilderConfig } from '../../../scripts/lib/packaging-check.mjs';
import { ensureRendererBuilt } from '../../e2e/support/build-renderer.js';

describe('packaging without the Electron binary', () => {
  it('electron-builder validates electron-builder.yml and refuses a config that breaks its schema', async () => {
    const config = await loadBuilderConfig();
    await expect(validateBuilderConfig(config)).resolves.toBeUndefined();
    await expect(validateBuilderConfig({ ...config, asar: 'yes' })).rejects.toThrow(/configuration.asar should be/);
  });

  it('a dry --dir build holds the bundles, renderer, assets, worker, add-on and bridge, and no stray node_modules', async () => {
    ensureRendererBuilt();
    await buildElectron();
    const result = await dryDirBuild();
    try {
      expect(result.problems).toEqual([]);
      expect(result.modules).toEqual(['onnxruntime-common', 'onnxruntime-node']);
      expect(result.asar).toContain('/build/electron/main.cjs');
    } finally {
      rmSync(result.outDir, { recursive: true, force: true });
    }
  }, 300_000);

  it.skipIf(electronBinary() !== null)('a failed download ends `npm run dist` with its one sentence, as the README has it', () => {
    // A mirror nothing listens on: the download fails the same way with or without a network.
    const dist = spawnSync(process.execPath, ['scripts/dist.mjs'], { encoding: 'utf8', env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/' } });
    expect(dist.status).toBe(1);
    const errorLines = dist.stderr.split('\n').filter((line) => line.trim() !== '');
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatch(/^✖ npm run dist needs Electron's binary, which could not be downloaded \(.+\): run `node node_modules\/electron\/install\.js`/);
    expect(dist.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync('README.md', 'utf8')).toContain(noBinarySentence('reason'));
  });
});
