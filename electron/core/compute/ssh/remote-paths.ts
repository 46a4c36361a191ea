// Which params of each bridge method name folders the bridge reads (pushed to the remote first) or
// writes (pulled back afterwards), and the mirror that maps a local absolute path to the remote:
// `<bridgeDir>/work/<local absolute path>`. A mirror needs no table of its own and survives restarts.
import path from 'node:path';

/** Params (dot paths) naming model folders the method reads. */
export const INPUT_DIRS: Readonly<Record<string, readonly string[]>> = {
  'organism.build': ['base_dir'],
  'train.run': ['model_dir'],
  'eval.quick': ['model_dir'],
  'model.generate': ['model_dir'],
  'export.onnx': ['model_dir'],
  'model.activations': ['model_dir'],
  'probe.fit': ['model_dir'],
};
/** Params naming single files the method reads. */
export const INPUT_FILES: Readonly<Record<string, readonly string[]>> = { 'train.run': ['dataset.path'] };
/** Params naming folders the method writes (pulled back, verified, into the local artifact store). */
export const OUTPUT_DIRS: Readonly<Record<string, readonly string[]>> = {
  'organism.build': ['out_dir'],
  'train.run': ['out_dir'],
  'export.onnx': ['out_dir'],
};

export class PathMirror {
  /** `remoteRoot`: the absolute remote bridge folder. */
  constructor(readonly remoteRoot: string) {}

  private get prefix(): string {
    return `${this.remoteRoot.replace(/\/+$/, '')}/work`;
  }

  toRemote(localPath: string): string {
    return `${this.prefix}${path.resolve(localPath)}`;
  }

  /** The local path of a mirrored remote path; other strings unchanged. */
  toLocal(remotePath: string): string {
    return remotePath.startsWith(`${this.prefix}/`) ? remotePath.slice(this.prefix.length) : remotePath;
  }

  /** Every mirrored string in a (JSON) value mapped back to its local path. */
  localize<T>(value: T): T {
    if (typeof value === 'string') return this.toLocal(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.localize(v)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, this.localize(v)])) as T;
    }
    return value;
  }
}

export function getAt(obj: Record<string, unknown>, dotted: string): unknown {
  let cur: unknown = obj;
  for (const key of dotted.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** A copy of `obj` with the value at `dotted` replaced (parents copied, not mutated). */
export function setAt<T extends Record<string, unknown>>(obj: T, dotted: string, value: unknown): T {
  const [head, ...rest] = dotted.split('.') as [string, ...string[]];
  if (rest.length === 0) return { ...obj, [head]: value };
  const child = (obj[head] ?? {}) as Record<string, unknown>;
  return { ...obj, [head]: setAt(child, rest.join('.'), value) };
}
