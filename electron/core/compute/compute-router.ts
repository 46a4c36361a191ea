// Which bridge a notebook's cells talk to: the local one, or one RemoteStudyBridge per SSH target
// (shared by notebooks that name the same target, python, folder and precision). The setting is read
// at every call, so changing a notebook's compute takes effect at its next run.
import type { BridgeClientOptions, BridgeState } from '../bridge/index.js';
import { Emitter } from '../bridge/emitter.js';
import type { StudyBridge } from '../cells/services.js';
import type { ComputeSetting, SshCompute } from '../../shared/compute-schema.js';
import { bridgeVersion, installRemoteBridge, type InstallReport } from './ssh/install-bridge.js';
import { RemoteStudyBridge } from './ssh/remote-bridge.js';
import { runSweepOnSlurm } from './slurm/slurm-sweep.js';
import { LocalBridgePool } from './local/local-pool.js';

export class ComputeRouter {
  private readonly remotes = new Map<string, RemoteStudyBridge>();
  private pool: LocalBridgePool | null = null;
  readonly remoteState = new Emitter<BridgeState>();

  constructor(
    private readonly local: StudyBridge,
    private readonly options: { appRoot: string; extraSshArgs?: readonly string[]; slurmPollMs?: number; localBridge?: BridgeClientOptions } = { appRoot: process.cwd() },
  ) {}

  private remoteFor(compute: SshCompute): RemoteStudyBridge {
    const key = JSON.stringify([compute.target, compute.port, compute.python, compute.bridgeDir, compute.precision]);
    let remote = this.remotes.get(key);
    if (!remote) {
      remote = new RemoteStudyBridge({ compute, expectedVersion: bridgeVersion(this.options.appRoot), ...(this.options.extraSshArgs ? { extraSshArgs: this.options.extraSshArgs } : {}) });
      remote.onState((s) => this.remoteState.emit(s));
      this.remotes.set(key, remote);
    }
    return remote;
  }

  /** Seeds trained at once on this machine: compute.parallel for a local notebook without Slurm, else 1. */
  private localParallel(setting: ComputeSetting | undefined): number {
    return setting?.kind === 'local' && !setting.slurm?.enabled ? (setting.parallel ?? 1) : 1;
  }

  private localPool(): LocalBridgePool {
    this.pool ??= new LocalBridgePool(this.options.localBridge ? { bridge: this.options.localBridge } : {});
    return this.pool;
  }

  /** The bridge for whatever compute the notebook names when a call is made (callMany: with compute.slurm on, or compute.parallel > 1 locally). */
  bridgeFor(compute: () => ComputeSetting | undefined): StudyBridge {
    const router = this;
    return {
      call: (method, params, options) => {
        const setting = compute();
        return setting?.kind === 'ssh' ? this.remoteFor(setting).call(method, params, options) : this.local.call(method, params, options);
      },
      get lanes(): StudyBridge['lanes'] {
        const parallel = router.localParallel(compute());
        return parallel > 1 ? router.localPool().lanes(parallel) : undefined;
      },
      get callMany(): StudyBridge['callMany'] {
        const setting = compute();
        const slurm = setting?.slurm;
        const parallel = router.localParallel(setting);
        if (parallel > 1) {
          const pool = router.localPool();
          return (method, params, options) => pool.callMany(method, params, parallel, options);
        }
        if (!setting || !slurm?.enabled) return undefined;
        return (method, params, options) =>
          runSweepOnSlurm(method, params, { compute: setting, slurm, ...(setting.kind === 'ssh' ? { remote: router.remoteFor(setting) } : {}), ...(router.options.slurmPollMs ? { pollIntervalMs: router.options.slurmPollMs } : {}) }, options);
      },
    };
  }

  /** The palette's "Install or update the bridge on the remote". */
  async install(compute: ComputeSetting | undefined): Promise<InstallReport> {
    if (compute?.kind !== 'ssh') {
      throw new Error('This notebook computes locally; set its compute to an SSH target (user@host) first, then install the bridge there.');
    }
    const report = await installRemoteBridge(compute, this.options);
    await this.remoteFor(compute).shutdown(); // a running remote bridge is the old version: the next call starts the new one
    return report;
  }

  async dispose(): Promise<void> {
    await Promise.allSettled([...[...this.remotes.values()].map((r) => r.shutdown()), this.pool?.dispose()]);
    this.remotes.clear();
    this.pool = null;
  }
}

export function describeInstall(r: InstallReport): string {
  return `Bridge ${r.version} installed in ${r.remoteDir} on ${r.target} (${r.files} files checked; python ${r.python}, torch ${r.torch}, device ${r.device}).`;
}
