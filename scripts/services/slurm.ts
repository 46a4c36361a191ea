// A one-node Slurm for the integration tests: its own munged (own key and socket), slurmctld and slurmd
// on localhost with a slurm.conf written here (free ports, state under a temp folder, no cgroups, no
// accounting daemon), and the environment (SLURM_CONF) client commands need. `stop()` ends all three
// daemons and deletes the folder. Debian's slurm-wlm and munge; slurmd runs jobs as root, so root only.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './free-port.js';
import { ensureServicePackages } from './system-packages.js';

export interface TestSlurm {
  dir: string;
  /** Pass to every sbatch/squeue/sacct/scancel (SLURM_CONF). */
  env: NodeJS.ProcessEnv;
  partition: string;
  stop(): Promise<void>;
}

export type SlurmOutcome = { ok: true; slurm: TestSlurm } | { ok: false; reason: string };

const BINARIES = ['/usr/sbin/munged', '/usr/sbin/mungekey', '/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/bin/sbatch', '/usr/bin/squeue', '/usr/bin/scancel'];

export async function startTestSlurm(): Promise<SlurmOutcome> {
  const missing = ensureServicePackages(['slurm-wlm', 'munge'], BINARIES);
  if (missing) return { ok: false, reason: missing };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'a test slurmd must run as root (it starts jobs as their user); run the tests as root' };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'studio-slurm-'));
  chmodSync(dir, 0o755);
  const children: ChildProcess[] = [];
  const logs: Record<string, string> = {};
  const daemon = (name: string, command: string, args: string[], env: NodeJS.ProcessEnv) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    logs[name] = '';
    child.stdout?.on('data', (c: Buffer) => (logs[name] += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (logs[name] += c.toString()));
    children.push(child);
    return child;
  };
  const stop = async () => {
    for (const child of [...children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const fail = async (reason: string): Promise<SlurmOutcome> => {
    const tail = Object.entries(logs).map(([n, l]) => `${n}: ${l.trim().split('\n').slice(-3).join(' / ')}`).join('; ');
    await stop();
    return { ok: false, reason: `${reason}${tail ? ` (${tail})` : ''}` };
  };

  // munge: a fresh key and socket of our own, so a system munged (if any) is left alone.
  for (const sub of ['munge', 'state', 'spool', 'log']) mkdirSync(path.join(dir, sub), { recursive: true, mode: 0o700 });
  const key = path.join(dir, 'munge', 'munge.key');
  const socket = path.join(dir, 'munge', 'munge.socket');
  if (spawnSync('/usr/sbin/mungekey', ['--create', '--keyfile', key, '--force']).status !== 0) return fail('mungekey could not create a key');
  daemon('munged', '/usr/sbin/munged', ['--foreground', '--force', `--key-file=${key}`, `--socket=${socket}`, `--pid-file=${dir}/munge/munged.pid`, `--seed-file=${dir}/munge/seed`, `--log-file=${dir}/log/munged.log`], process.env);
  for (let i = 0; i < 50 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 100));
  if (!existsSync(socket)) return fail('munged did not create its socket');

  const host = os.hostname().split('.')[0] as string;
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  const cpus = Math.max(1, os.cpus().length);
  const conf = path.join(dir, 'slurm.conf');
  writeFileSync(
    conf,
    [
      'ClusterName=studio-test',
      `SlurmctldHost=${host}(127.0.0.1)`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `AuthInfo=socket=${socket}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldLogFile=${dir}/log/slurmctld.log`,
      `SlurmdLogFile=${dir}/log/slurmd.log`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'SchedulerType=sched/backfill',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'MpiDefault=none',
      'ReturnToService=2',
      'MinJobAge=600',
      'InactiveLimit=0',
      'KillWait=5',
      `NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} State=UNKNOWN`,
      `PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
    ].join('\n') + '\n',
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const ctld = daemon('slurmctld', '/usr/sbin/slurmctld', ['-D', '-i', '-f', conf], env);
  if (!(await waitForPort(ctldPort, 20_000, () => ctld.exitCode === null))) return fail('slurmctld did not start');
  const slurmd = daemon('slurmd', '/usr/sbin/slurmd', ['-D', '-f', conf, '-N', host], env);
  // The node is usable once sinfo reports it idle.
  for (let i = 0; i < 100; i++) {
    if (slurmd.exitCode !== null) return fail('slurmd exited');
    const state = spawnSync('sinfo', ['-h', '-N', '-o', '%T'], { env, encoding: 'utf8' }).stdout.trim();
    if (state === 'idle') return { ok: true, slurm: { dir, env, partition: 'debug', stop } };
    await new Promise((r) => setTimeout(r, 200));
  }
  return fail(`the node never became idle (${readFileSync(path.join(dir, 'log', 'slurmd.log'), 'utf8').trim().split('\n').slice(-2).join(' / ')})`);
}
