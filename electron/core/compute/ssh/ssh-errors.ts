// What an SSH failure means, in one sentence that names the fix. ssh exits 255 for its own failures;
// the bridge's remote launch line (remote-launch.ts) exits 97/98 when the bridge or python is missing,
// and the bridge itself exits 3 when torch or onnx is missing.
import type { SshEndpoint } from './ssh-command.js';

export const EXIT_NO_BRIDGE = 97;
export const EXIT_NO_PYTHON = 98;
export const EXIT_MISSING_DEPENDENCY = 3;

export interface RemoteFacts {
  endpoint: SshEndpoint;
  python: string;
  bridgeDir: string;
}

function where(e: SshEndpoint): string {
  return `${e.target} (port ${e.port})`;
}

/** The ssh client's own failure (exit 255), or null when the text is not one. */
export function explainSshFailure(endpoint: SshEndpoint, stderr: string): string | null {
  const host = where(endpoint);
  if (/Permission denied|Too many authentication failures|no mutual signature/i.test(stderr)) {
    return `SSH refused the login to ${host}: add your public key to ~/.ssh/authorized_keys there (ssh-copy-id -p ${endpoint.port} ${endpoint.target}); the app never asks for a password.`;
  }
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/i.test(stderr)) {
    return `SSH does not trust the host key of ${host}: connect once in a terminal (ssh -p ${endpoint.port} ${endpoint.target}) to check and accept it.`;
  }
  if (/Could not resolve hostname|Name or service not known|nodename nor servname/i.test(stderr)) {
    return `The host of ${host} cannot be resolved: check the host name in the notebook's compute setting (or its Host entry in ~/.ssh/config).`;
  }
  if (/Connection refused|Connection timed out|No route to host|Network is unreachable|Connection reset|Connection closed|timed out during banner/i.test(stderr)) {
    return `${host} is unreachable over SSH (${firstLine(stderr)}): check that the machine is up, sshd runs there and the port is right.`;
  }
  return null;
}

/** Why the remote launch of the bridge failed, from the exit status of `ssh … <launch line>`. */
export function explainLaunchExit(facts: RemoteFacts, code: number | null, stderr: string[]): string | null {
  const text = stderr.join('\n');
  const host = where(facts.endpoint);
  if (code === 255) return explainSshFailure(facts.endpoint, text) ?? `SSH to ${host} failed (${firstLine(text) || 'exit 255'}): try ssh -p ${facts.endpoint.port} ${facts.endpoint.target} in a terminal.`;
  if (code === EXIT_NO_BRIDGE) {
    return `The bridge is not installed in ${facts.bridgeDir} on ${facts.endpoint.target}: run "Install or update the bridge on the remote" from the command palette.`;
  }
  if (code === EXIT_NO_PYTHON) {
    return `${facts.python} was not found on ${facts.endpoint.target}: install Python 3 there (sudo apt-get install python3) or set the notebook's remote python to its path.`;
  }
  if (code === EXIT_MISSING_DEPENDENCY || /No module named '?(torch|onnx)/.test(text)) {
    return `PyTorch or onnx is missing for ${facts.python} on ${facts.endpoint.target}: install them there (sudo apt-get install python3-torch python3-onnx, or pip install torch onnx in that python's environment).`;
  }
  return null;
}

function firstLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '';
}
