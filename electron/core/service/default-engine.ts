// The one place the hosts (web host CLI, Electron main) get their execution engine from: the
// study engine (electron/core/cells/study-engine.ts) over the real bridge and inference worker.
import type { EnginePort } from '../engine-port.js';
import { createStudyEngine } from '../cells/study-engine.js';

export interface EngineContext {
  /** ORGANISM_STUDIO_HOME */
  home: string;
  /** The folder holding package.json, assets/ and python-bridge/. */
  appRoot: string;
}

export function createDefaultEngine(context: EngineContext): EnginePort {
  return createStudyEngine({ appRoot: context.appRoot });
}
