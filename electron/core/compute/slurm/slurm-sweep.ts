// A cell's sweep (the same method for each seed) as one Slurm job array: on this machine when the
// notebook computes locally (sbatch on PATH, a shared file system assumed, as on a login node), or on
// the SSH target (inputs pushed to its mirror first, each finished task's outputs pulled back,
// verified). Per-job state goes to the cell as one progress line; the first failed job fails the
// cell with its stderr tail; cancelling the cell runs scancel.
import path from 'node:path';
import type { BridgeMethod, ParamsOf, ResultOf } from '../../bridge/protocol.js';
import { methods } from '../../bridge/protocol.js';
import { findBridgeDir, findPython } from '../../bridge/python-locator.js';
import { CancelledError } from '../../bridge/errors.js';
import type { SweepOptions } from '../../cells/services.js';
import type { ComputeSetting, SlurmOptions } from '../../../shared/compute-schema.js';
import type { RemoteStudyBridge } from '../ssh/remote-bridge.js';
import { LocalSite, SshSite, type SlurmSite } from './command-runner.js';
import { describeStates, SlurmArray, SlurmError, type BridgeRequest } from './slurm-array.js';
import { TERMINAL_STATES } from './squeue.js';
import { OUTPUT_DIRS, getAt } from '../ssh/remote-paths.js';

export interface SweepContext {
  compute: ComputeSetting;
  slurm: SlurmOptions;
  /** Set when compute is an SSH target: its bridge (mirror, push, pull). */
  remote?: RemoteStudyBridge;
  env?: NodeJS.ProcessEnv;
  pollIntervalMs?: number;
}

/** Where the array's files go: a hidden folder beside the sweep's outputs (in the artifact store). */
function localWorkDir(method: string, params: readonly Record<string, unknown>[]): string {
  const outs = params.flatMap((p) => (OUTPUT_DIRS[method] ?? []).map((f) => getAt(p, f))).filter((v): v is string => typeof v === 'string');
  if (outs.length === 0) throw new SlurmError(`${method} writes no output folder, so it cannot run as a Slurm job array.`);
  let common = path.dirname(path.resolve(outs[0] as string));
  for (const out of outs) while (!path.resolve(out).startsWith(`${common}${path.sep}`)) common = path.dirname(common);
  return path.join(common, '.slurm', `${method.replace(/\W/g, '-')}-${Date.now().toString(36)}`);
}

export async function runSweepOnSlurm<M extends BridgeMethod>(method: M, paramsList: readonly ParamsOf<M>[], ctx: SweepContext, options: SweepOptions = {}): Promise<ResultOf<M>[]> {
  const plain = paramsList.map((p) => methods[method].params.parse(p) as Record<string, unknown>);
  const workLocal = localWorkDir(method, plain);
  let site: SlurmSite;
  let requests: BridgeRequest[];
  let workDir: string;
  let pythonBridgeDir: string;
  let python: string;
  const remote = ctx.remote;
  const mirror = remote ? await remote.pathMirror() : null;
  await remote?.checkVersion(); // the jobs run the installed bridge: it must be the app's version
  if (remote && mirror && ctx.compute.kind === 'ssh') {
    site = new SshSite(remote.endpoint);
    requests = [];
    for (const p of plain) requests.push({ method, params: await remote.pushInputs(method, p, mirror) });
    workDir = mirror.toRemote(workLocal);
    pythonBridgeDir = `${mirror.remoteRoot}/python-bridge`;
    python = ctx.compute.python;
  } else {
    site = new LocalSite(ctx.env ?? process.env);
    requests = plain.map((params) => ({ method, params }));
    workDir = workLocal;
    pythonBridgeDir = findBridgeDir();
    python = await findPython(ctx.env ?? process.env);
  }
  const array = await SlurmArray.submit(site, {
    requests,
    workDir,
    pythonBridgeDir,
    python,
    precision: ctx.compute.precision,
    options: ctx.slurm,
    jobName: `organism-studio-${method}`,
  });
  const outcomes = await array.wait({
    intervalMs: ctx.pollIntervalMs ?? 2000,
    ...(options.signal ? { signal: options.signal } : {}),
    onUpdate: (states) => options.onJobs?.(describeStates(states, options.labels), states.filter((s) => TERMINAL_STATES.has(s.state)).length, states.length),
  });
  if (options.signal?.aborted) throw new CancelledError(method, null);
  const failed = outcomes.filter((o) => o.error !== undefined);
  if (failed.length > 0) {
    const first = failed[0] as (typeof failed)[number];
    const label = options.labels?.[first.task] ? ` (${options.labels[first.task]})` : '';
    throw new SlurmError(`Slurm job ${first.jobId}${label} ${first.state}${failed.length > 1 ? ` (and ${failed.length - 1} more of ${outcomes.length})` : ''}: ${first.error}`);
  }
  const results: ResultOf<M>[] = [];
  for (const o of outcomes) {
    if (remote && mirror) await remote.pullOutputs(method, plain[o.task] as Record<string, unknown>, mirror);
    const parsed = methods[method].result.safeParse(mirror ? mirror.localize(o.result) : o.result);
    if (!parsed.success) throw new SlurmError(`Slurm job ${o.jobId} wrote a result that does not match the ${method} protocol; is the bridge on ${site.label} the app's version? Reinstall it from the palette.`);
    results.push(parsed.data as ResultOf<M>);
  }
  return results;
}
