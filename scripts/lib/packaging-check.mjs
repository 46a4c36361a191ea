// What can be checked of `npm run dist` without Electron's binary (which cannot be downloaded on a
// machine without network): electron-builder's own validation of electron-builder.yml, then a
// `--dir` build against a placeholder Electron distribution (one shell script standing in for the
// binary; npmRebuild off, since rebuilding native modules needs Electron's headers), whose
// app.asar, app.asar.unpacked and resources/ are listed and checked for what the app loads at run
// time. The placeholder is never run; the installers themselves (AppImage, deb, dmg, nsis) still
// need the real binary.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { BIN, NODE_MODULES, ROOT } from './paths.mjs';

const require = createRequire(import.meta.url);
export const BUILDER_CONFIG = path.join(ROOT, 'electron-builder.yml');

/** electron-builder's schema validation of a configuration object; throws its message when invalid. */
export async function validateBuilderConfig(config) {
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
  await validateConfiguration(config, { isEnabled: false, add() {} });
}

/** The configuration as electron-builder reads it (electron-builder.yml merged with its defaults). */
export async function loadBuilderConfig(configFile = BUILDER_CONFIG) {
  const { getConfig } = require('app-builder-lib/out/util/config/config.js');
  return getConfig(ROOT, configFile, null);
}

function electronVersion() {
  return JSON.parse(readFileSync(path.join(NODE_MODULES, 'electron', 'package.json'), 'utf8')).version;
}

function runQuiet(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ code: 127, output: error.message }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Files the packaged app cannot start or run without, by where they must end up. */
const REQUIRED = {
  asar: ['/package.json', '/build/electron/main.cjs', '/build/electron/preload.cjs', '/build/renderer/index.html', '/assets/world/catalogue.json', '/assets/models/base/manifest.json', '/assets/notebooks/default-study.organism.json'],
  unpacked: ['build/electron/generation-worker.js', 'node_modules/onnxruntime-node/package.json', 'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node'],
  resources: ['python-bridge/organism_bridge/__init__.py', 'python-bridge/organism_bridge/__main__.py'],
};

/**
 * The dry `--dir` build (needs `npm run build`'s outputs). Resolves with what went where and the
 * problems found (an empty list: the package holds what the app needs and nothing it must not).
 */
export async function dryDirBuild({ outDir = mkdtempSync(path.join(os.tmpdir(), 'organism-dist-dry-')) } = {}) {
  const version = electronVersion();
  const placeholder = path.join(outDir, 'placeholder-electron');
  mkdirSync(placeholder, { recursive: true });
  writeFileSync(path.join(placeholder, 'electron'), '#!/bin/sh\necho "placeholder for the Electron binary (packaging check only)" >&2\nexit 1\n');
  chmodSync(path.join(placeholder, 'electron'), 0o755);
  writeFileSync(path.join(placeholder, 'version'), `${version}\n`);
  const output = path.join(outDir, 'out');
  const { code, output: log } = await runQuiet(path.join(BIN, 'electron-builder'), [
    '--dir', '--linux', '--x64', '--config', BUILDER_CONFIG, '--publish', 'never',
    `-c.electronDist=${placeholder}`, `-c.electronVersion=${version}`, '-c.npmRebuild=false', `-c.directories.output=${output}`,
  ]);
  if (code !== 0) return { ok: false, problems: [`electron-builder --dir failed (exit ${code}):\n${log.trim()}`], asar: [], modules: [], outDir, resources: '', log };
  const resources = path.join(output, 'linux-unpacked', 'resources');
  const asar = require('@electron/asar').listPackage(path.join(resources, 'app.asar'), { isPack: false });
  const problems = [];
  for (const entry of REQUIRED.asar) if (!asar.includes(entry)) problems.push(`app.asar lacks ${entry}`);
  for (const entry of REQUIRED.unpacked) if (!existsSync(path.join(resources, 'app.asar.unpacked', entry))) problems.push(`app.asar.unpacked lacks ${entry}`);
  for (const entry of REQUIRED.resources) if (!existsSync(path.join(resources, entry))) problems.push(`resources/ lacks ${entry}`);
  for (const entry of asar) {
    if (entry.endsWith('.map')) problems.push(`app.asar holds a source map: ${entry}`);
    if (entry.includes('__pycache__')) problems.push(`app.asar holds Python bytecode: ${entry}`);
  }
  // The bundles carry their dependencies: only the native add-on (and what it requires) belongs here.
  const modules = [...new Set(asar.map((entry) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(entry)?.[1]).filter(Boolean))].sort();
  const strays = modules.filter((name) => !['onnxruntime-node', 'onnxruntime-common'].includes(name));
  if (strays.length > 0) problems.push(`app.asar holds ${strays.length} node_modules packages the bundles already contain: ${strays.join(', ')}`);
  return { ok: problems.length === 0, problems, asar, modules, outDir, resources, log };
}
