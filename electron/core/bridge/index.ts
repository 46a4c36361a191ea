// Public surface of the bridge client (see bridge-client.ts and docs/CONTRACTS.md).
export { BridgeClient, type BridgeClientOptions, type BridgeLaunch, type BridgeState, type BridgeStateName, type CallOptions } from './bridge-client.js';
export * from './errors.js';
export * from './protocol.js';
export { findBridgeDir, findPython, PYTHON_ENV_VAR } from './python-locator.js';
