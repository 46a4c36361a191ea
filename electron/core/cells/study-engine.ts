// The study engine as the core sees it: the EnginePort over the study cell kinds and the real
// bridge + inference services. The code version folds in the bridge's version (read from its
// source, so a reopened notebook knows its cache without starting Python) and the app's version.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EnginePort, NotebookHandle } from '../engine-port.js';
import { createEnginePort } from '../engine/port.js';
import { exportNotebook, type ExportTargets } from '../report/index.js';
import type { ExportFormat } from '../../shared/api-contract.js';
import { appVersion } from '../service/app-paths.js';
import { ITEMS_FILE } from './common/evaluation.js';
import { createStudyServices, type RealServices } from './create-services.js';
import { ComputeRouter, describeInstall } from '../compute/compute-router.js';
import { defaultExtraArgs } from '../compute/ssh/ssh-command.js';
import { RUNNER_SET_VERSION, studyCellKinds } from './index.js';

export function bridgeVersionFromSource(appRoot: string): string {
  try {
    const init = readFileSync(path.join(appRoot, 'python-bridge', 'organism_bridge', '__init__.py'), 'utf8');
    return /BRIDGE_VERSION\s*=\s*["']([^"']+)["']/.exec(init)?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function studyCodeVersion(appRoot: string): string {
  return `bridge ${bridgeVersionFromSource(appRoot)} / app ${appVersion(appRoot)} / runners ${RUNNER_SET_VERSION}`;
}

/**
 * Where a notebook's exports go: `<name>.report.html`, `<name>.ipynb`, `<name>.metrics.csv`,
 * `<name>.metrics.json` beside `<name>.organism.json`; an untitled notebook's go to `export/` in its artifacts folder.
 */
export function exportTargetsFor(doc: NotebookHandle, formats: readonly ExportFormat[]): ExportTargets {
  const file = doc.path();
  const base = file ? file.replace(/(\.organism)?\.json$/i, '') : path.join(doc.artifactsDir(), 'export', 'notebook');
  return {
    ...(formats.includes('html') ? { html: `${base}.report.html` } : {}),
    ...(formats.includes('ipynb') ? { ipynb: `${base}.ipynb` } : {}),
    ...(formats.includes('csv') ? { csv: `${base}.metrics.csv` } : {}),
    ...(formats.includes('json') ? { json: `${base}.metrics.json` } : {}),
  };
}

export function createStudyEngine(context: { appRoot: string; services?: RealServices }): EnginePort {
  const services = context.services ?? createStudyServices({ appRoot: context.appRoot });
  const codeVersion = studyCodeVersion(context.appRoot);
  // A notebook's compute setting picks its bridge at every call (local, or a bridge over SSH).
  const compute = new ComputeRouter(services.bridge, { appRoot: context.appRoot, extraSshArgs: defaultExtraArgs() });
  return createEnginePort({
    registry: studyCellKinds,
    services,
    servicesFor: (handle) => ({ ...services, bridge: compute.bridgeFor(() => handle.notebook().compute) }),
    installRemoteBridge: async (handle) => ({ message: describeInstall(await compute.install(handle.notebook().compute)) }),
    codeVersion,
    itemsFile: ITEMS_FILE,
    exportResults: async (engine, doc, formats) => {
      const { written } = await exportNotebook(doc.notebook(), engine, { notebookPath: doc.path(), codeVersion }, exportTargetsFor(doc, formats));
      return { written: written.map((file) => path.resolve(file)) };
    },
    describeWorld: () => services.catalogue(),
    bridgeState: () => services.bridgeClient.state,
    onBridgeState: (listener) => {
      const offLocal = services.bridgeClient.onState(listener);
      const offRemote = compute.remoteState.on(listener);
      return () => {
        offLocal();
        offRemote();
      };
    },
    dispose: async () => {
      await compute.dispose();
      await services.dispose();
    },
  });
}
