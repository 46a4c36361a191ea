// The one place the hosts (web host CLI, Electron main) get their execution engine from. Until
// the engine package provides an EnginePort implementation this returns the port that explains
// why cells cannot run; the engine owner replaces the body with its factory (one import, one call).
import { createUnavailableEngine, type EnginePort } from '../engine-port.js';

export interface EngineContext {
  /** ORGANISM_STUDIO_HOME */
  home: string;
  /** The folder holding package.json, assets/ and python-bridge/. */
  appRoot: string;
}

export function createDefaultEngine(context: EngineContext): EnginePort {
  void context;
  return createUnavailableEngine('the execution engine has not been wired into this build yet');
}
