// The ComputeRouter reads a notebook's compute setting at every call: local calls reach the real local
// bridge, an SSH target gets its own bridge (here an unreachable one, refused in one sentence), and
// sweeps (callMany) exist only while compute.slurm is on.
import { afterAll, describe, expect, it } from 'vitest';
import { BridgeClient } from '../../../electron/core/bridge/index.js';
import { ComputeRouter } from '../../../electron/core/compute/compute-router.js';
import { ComputeSettingSchema, type ComputeSetting } from '../../../electron/shared/compute-schema.js';

describe('ComputeRouter', () => {
  const local = new BridgeClient({ python: '/usr/bin/python3' });
  const router = new ComputeRouter(local, { appRoot: process.cwd() });
  afterAll(async () => {
    await router.dispose();
    await local.shutdown();
  });

  it('follows the setting as it changes, call by call', async () => {
    let compute: ComputeSetting | undefined;
    const bridge = router.bridgeFor(() => compute);
    const catalogue = await bridge.call('world.describe', {});
    expect(catalogue.triggers.length).toBeGreaterThan(0);
    expect(bridge.callMany).toBeUndefined();

    compute = ComputeSettingSchema.parse({ kind: 'ssh', target: 'nobody@127.0.0.1', port: 1 });
    await expect(bridge.call('world.describe', {})).rejects.toThrow(/127\.0\.0\.1 \(port 1\) is unreachable over SSH/);

    compute = ComputeSettingSchema.parse({ kind: 'local', slurm: {} });
    expect(typeof bridge.callMany).toBe('function');
    compute = undefined;
    expect((await bridge.call('world.describe', {})).triggers).toEqual(catalogue.triggers);
  });

  it('refuses to install a bridge for a notebook that computes locally, naming the fix', async () => {
    await expect(router.install(undefined)).rejects.toThrow(/set its compute to an SSH target/);
  });
});
