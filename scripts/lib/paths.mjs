// Locations every script agrees on.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const NODE_MODULES = path.join(ROOT, 'node_modules');
export const BIN = path.join(NODE_MODULES, '.bin');
export const RENDERER_OUT = path.join(ROOT, 'build', 'renderer');
export const ELECTRON_OUT = path.join(ROOT, 'build', 'electron');
/** Debian's interpreter: the one with python3-torch (a pyenv `python3` on PATH may lack it). */
export const PYTHON = process.env.ORGANISM_STUDIO_PYTHON ?? '/usr/bin/python3';
export const bin = (name) => path.join(BIN, name);
