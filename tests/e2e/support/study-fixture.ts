// A fixture notebook opened in the real UI with the real study engine (Python bridge +
// onnxruntime): a fresh home, the web host and Chromium, all cleaned up when the test ends.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { createStudyEngine } from '../../../electron/core/cells/study-engine.js';
import { repoRoot } from './build-renderer.js';
import { freshHome, launchBrowser, openStudio, removeDir, startHost, type E2eContext, type StudioPage } from './studio.js';

/** Opens tests/fixtures/notebooks/<fixture> (copied into a fresh home; `file` is the copy) and watches the page. */
export async function openFixtureStudy(t: E2eContext, fixture: string, viewport: { width: number; height: number }): Promise<StudioPage & { file: string }> {
  const home = freshHome(path.basename(fixture, '.organism.json'));
  t.defer(() => removeDir(home));
  const file = path.join(home, fixture);
  copyFileSync(path.join(repoRoot, 'tests', 'fixtures', 'notebooks', fixture), file);
  const engine = createStudyEngine({ appRoot: repoRoot });
  const host = await startHost({ home, notebookPath: file, engine });
  t.defer(() => host.close());
  const browser = await launchBrowser();
  t.defer(() => browser.close());
  const studio = await openStudio(browser, host.url, { viewport });
  t.watch(studio.page);
  return { ...studio, file };
}
