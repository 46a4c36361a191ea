// Opening a notebook asks for the world catalogue (every organism, evaluate and sample cell does);
// it comes from assets/world/catalogue.json, the bridge's own world.describe on disk, so the Python
// bridge (seconds of `import torch`) is not started until a cell runs. A damaged file is refused
// with its path and the fix.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogueSchema } from '../../../electron/core/bridge/protocol.js';
import { createStudyServices } from '../../../electron/core/cells/create-services.js';
import { tempDir } from '../notebook/support/notebooks.js';

describe('world catalogue without Python', () => {
  it('answers from the assets file and leaves the bridge stopped', async () => {
    const services = createStudyServices({ appRoot: path.resolve('.') });
    try {
      const catalogue = await services.catalogue();
      // As the bridge's reply would arrive: validated (and defaulted) by the same schema.
      expect(catalogue).toEqual(CatalogueSchema.parse(JSON.parse(readFileSync('assets/world/catalogue.json', 'utf8'))));
      expect(services.bridgeClient.state.state).toBe('stopped');
    } finally {
      await services.dispose();
    }
  });

  it('refuses a damaged file, naming it and the fix, and tries again on the next call', async () => {
    const appRoot = tempDir('organism-catalogue-');
    const file = path.join(appRoot, 'assets', 'world', 'catalogue.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{"version": 1, "triggers": ');
    const services = createStudyServices({ appRoot });
    try {
      await expect(services.catalogue()).rejects.toThrow(`${file} is not a world catalogue`);
      writeFileSync(file, JSON.stringify({ version: 1, triggers: 'none' }));
      await expect(services.catalogue()).rejects.toThrow(/reinstall the app or restore the file/);
      expect(services.bridgeClient.state.state).toBe('stopped');
    } finally {
      await services.dispose();
    }
  });
});
