// The inference worker also runs as compiled JavaScript (as the packaged app ships it): bundle it
// with esbuild the way scripts/lib/build-electron.mjs does (CommonJS, onnxruntime-node external)
// and generate with it. Output goes under build/ (git-ignored) so onnxruntime-node resolves.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { InferenceClient } from '../../../electron/core/inference/inference-client.js';

const root = new URL('../../../', import.meta.url).pathname;
const fixtureDir = join(root, 'tests/fixtures/onnx');
const outDir = join(root, 'build', `test-compiled-worker-${process.pid}`);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('compiled inference worker', () => {
  it('generates the same tokens as the TypeScript worker', async () => {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'package.json'), '{ "type": "commonjs" }\n');
    const workerPath = join(outDir, 'generation-worker.js');
    await build({
      entryPoints: [join(root, 'electron/core/inference/generation-worker.ts')],
      outfile: workerPath,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['onnxruntime-node'],
      logLevel: 'silent',
    });
    const compiled = new InferenceClient({ workerPath });
    const dev = new InferenceClient();
    try {
      const params = { modelDir: fixtureDir, prompts: [[{ role: 'user' as const, content: 'What is 2+2?' }]], maxNewTokens: 8 };
      const [a, b] = [await compiled.generate(params), await dev.generate(params)];
      expect(a.outputs[0]!.ids).toHaveLength(8);
      expect(a.outputs.map((o) => o.ids)).toEqual(b.outputs.map((o) => o.ids));
    } finally {
      await Promise.all([compiled.close(), dev.close()]);
    }
  });
});
