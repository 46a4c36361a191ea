// A throwaway OpenSSH server on 127.0.0.1 for the integration tests: its own host key, a fresh client
// key authorised for the current user, its own sshd_config on a free port, and an ssh_config the
// client uses with -F. `stop()` ends the daemon and deletes every file. Debian's openssh-server.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './free-port.js';
import { ensureServicePackages } from './system-packages.js';

export interface TestSshd {
  port: number;
  /** user@127.0.0.1 */
  target: string;
  /** The client's ssh_config (pass as ["-F", sshConfig]). */
  sshConfig: string;
  dir: string;
  stop(): Promise<void>;
}

export type SshdOutcome = { ok: true; sshd: TestSshd } | { ok: false; reason: string };

const SSHD = '/usr/sbin/sshd';

/** `sessionEnv`: variables every session gets (sshd's SetEnv), e.g. SLURM_CONF of a test cluster. */
export async function startTestSshd(options: { sessionEnv?: Record<string, string> } = {}): Promise<SshdOutcome> {
  const missing = ensureServicePackages(['openssh-server', 'openssh-client'], [SSHD, '/usr/bin/ssh', '/usr/bin/ssh-keygen']);
  if (missing) return { ok: false, reason: missing };
  const user = os.userInfo().username;
  const isRoot = process.getuid?.() === 0;
  // sshd insists on its privilege-separation folder even when it runs unprivileged.
  try {
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  } catch {
    return { ok: false, reason: 'sshd needs /run/sshd and it cannot be created (not root): run the tests as root or create it with sudo mkdir -p /run/sshd' };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'studio-sshd-'));
  chmodSync(dir, 0o755);
  const keygen = (file: string) => spawnSync('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file], { stdio: 'ignore' }).status === 0;
  if (!keygen(path.join(dir, 'host_key')) || !keygen(path.join(dir, 'client_key'))) {
    rmSync(dir, { recursive: true, force: true });
    return { ok: false, reason: 'ssh-keygen could not make the throwaway keys' };
  }
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'client_key.pub')), { mode: 0o600 });
  const port = await freePort();
  writeFileSync(
    path.join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${dir}/host_key`,
      `PidFile ${dir}/sshd.pid`,
      `AuthorizedKeysFile ${dir}/authorized_keys`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      `AllowUsers ${user}`,
      isRoot ? 'PermitRootLogin prohibit-password' : '',
      'LogLevel ERROR',
      ...Object.entries(options.sessionEnv ?? {}).map(([k, v]) => `SetEnv ${k}=${v}`),
    ].filter(Boolean).join('\n') + '\n',
  );
  writeFileSync(
    path.join(dir, 'ssh_config'),
    [
      'Host 127.0.0.1',
      `  IdentityFile ${dir}/client_key`,
      '  IdentitiesOnly yes',
      '  StrictHostKeyChecking no',
      '  UserKnownHostsFile /dev/null',
      '  LogLevel ERROR',
    ].join('\n') + '\n',
  );
  chmodSync(path.join(dir, 'client_key'), 0o600);
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (c: Buffer) => (log += c.toString()));
  let alive = true;
  child.on('exit', () => (alive = false));
  child.on('error', () => (alive = false));
  if (!(await waitForPort(port, 10_000, () => alive))) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    return { ok: false, reason: `sshd did not start on 127.0.0.1:${port}: ${log.trim() || 'no output'}` };
  }
  const stop = async () => {
    if (alive) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (alive) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { ok: true, sshd: { port, target: `${user}@127.0.0.1`, sshConfig: path.join(dir, 'ssh_config'), dir, stop } };
}
