// Starting the bridge when something is wrong: a missing Python dependency, a bridge speaking
// another protocol version, a bridge that dies during startup. Real processes, real Python.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BridgeClient } from '../../../electron/core/bridge/bridge-client.js';
import { BridgeCrashedError, BridgeUnavailableError } from '../../../electron/core/bridge/errors.js';
import { findPython } from '../../../electron/core/bridge/python-locator.js';

const tmp = mkdtempSync(join(tmpdir(), 'os-bridge-start-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A python-bridge folder whose organism_bridge runs `body` (a tiny stand-in for the real bridge). */
function fakeBridge(name: string, body: string): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'organism_bridge'), { recursive: true });
  writeFileSync(join(dir, 'organism_bridge', '__init__.py'), '');
  writeFileSync(join(dir, 'organism_bridge', '__main__.py'), body);
  return dir;
}

// Answers every request with `result` using Content-Length framing, like the real server.
const SERVE = (result: string) => `
import json, sys
def read():
    length = None
    while True:
        line = sys.stdin.buffer.readline()
        if not line: sys.exit(0)
        line = line.strip()
        if not line: break
        k, v = line.split(b':', 1)
        if k.lower() == b'content-length': length = int(v)
    return json.loads(sys.stdin.buffer.read(length))
while True:
    msg = read()
    body = json.dumps({"jsonrpc": "2.0", "id": msg["id"], "result": json.loads(${JSON.stringify(result)})}).encode()
    sys.stdout.buffer.write(b'Content-Length: %d\\r\\n\\r\\n' % len(body) + body)
    sys.stdout.buffer.flush()
`;

describe('bridge startup failures', () => {
  it('a missing torch becomes one clear message with the install command', async () => {
    // Shadow torch with a package that fails to import, exactly as a missing module does.
    const shadow = join(tmp, 'no-torch');
    mkdirSync(join(shadow, 'torch'), { recursive: true });
    writeFileSync(join(shadow, 'torch', '__init__.py'), "raise ModuleNotFoundError(\"No module named 'torch'\", name='torch')\n");
    const client = new BridgeClient({ env: { ...process.env, PYTHONPATH: shadow } });
    const states: string[] = [];
    client.onState((s) => states.push(s.state));
    const err = await client.handshake().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeUnavailableError);
    expect((err as Error).message).toMatch(/missing the Python module "torch".*sudo apt-get install python3-torch.*ORGANISM_STUDIO_PYTHON/s);
    expect(client.state.state).toBe('unavailable');
    expect(states).toEqual(['starting', 'unavailable']);
  });

  it('a bridge that speaks another protocol version is refused, saying which versions', async () => {
    const bridgeDir = fakeBridge(
      'v2',
      SERVE('{"protocol_version": 2, "bridge_version": "9.9", "python": "3", "torch": "2", "onnx": null, "device": "cpu", "threads": 1, "blas": null, "pid": 1}'),
    );
    const client = new BridgeClient({ bridgeDir, python: await findPython() });
    const err = await client.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeUnavailableError);
    expect((err as Error).message).toMatch(/speaks protocol version 2 but this app needs version 1/);
    expect(client.state.state).toBe('unavailable');
    expect(client.pid).toBeUndefined();
  });

  it('shutdown ends a bridge that ignores both the shutdown request and SIGTERM (SIGKILL)', async () => {
    const handshake = '{"protocol_version": 1, "bridge_version": "stubborn", "python": "3", "torch": "1.13", "onnx": null, "device": "cpu", "threads": 1, "blas": null, "pid": 1}';
    const bridgeDir = fakeBridge('stubborn', `import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n${SERVE(handshake)}`);
    const client = new BridgeClient({ bridgeDir, python: await findPython(), shutdownTimeoutMs: 300 });
    await client.start();
    const pid = client.pid!;
    await client.shutdown();
    expect(client.state.state).toBe('stopped');
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('a bridge that dies during startup reports its exit code and stderr', async () => {
    const bridgeDir = fakeBridge('dies', "import sys\nprint('boom: cannot open the GPU', file=sys.stderr)\nsys.exit(7)\n");
    const client = new BridgeClient({ bridgeDir, python: await findPython() });
    const lines: string[] = [];
    client.onStderr((line) => lines.push(line));
    const err = await client.start().catch((e: unknown) => e);
    expect(lines).toContain('boom: cannot open the GPU');
    expect(err).toBeInstanceOf(BridgeCrashedError);
    expect((err as Error).message).toMatch(/exit code 7.*boom: cannot open the GPU/s);
    expect(client.state.state).toBe('crashed');
  });

  it('a missing interpreter is reported with what to do', async () => {
    const client = new BridgeClient({ python: join(tmp, 'no-such-python') });
    const err = await client.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeUnavailableError);
    expect((err as Error).message).toMatch(/Cannot run .*no-such-python.*ORGANISM_STUDIO_PYTHON/s);
  });
});
