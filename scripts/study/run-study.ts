// The headless study runner: open a notebook, run its stale cells through the same engine and
// cell kinds as the app (real Python bridge, real onnxruntime), then write the exports.
import path from 'node:path';
import { ArtifactStore } from '../../electron/core/engine/artifact-store.js';
import { NotebookEngine, type RunOutcome } from '../../electron/core/engine/engine.js';
import { createStudyServices } from '../../electron/core/cells/create-services.js';
import { ComputeRouter } from '../../electron/core/compute/compute-router.js';
import { defaultExtraArgs } from '../../electron/core/compute/ssh/ssh-command.js';
import { studyCellKinds } from '../../electron/core/cells/index.js';
import { studyCodeVersion } from '../../electron/core/cells/study-engine.js';
import { artifactsDirFor, readNotebookFile } from '../../electron/core/notebook/notebook-files.js';
import { exportNotebook } from '../../electron/core/report/index.js';
import type { Cell } from '../../electron/shared/notebook-schema.js';
import { resolveAppRoot } from '../../electron/core/service/app-paths.js';
import { parseStudyArgs } from './args.js';
import { ProgressBar } from './progress-bar.js';

export interface StudyRunSummary {
  outcomes: RunOutcome[];
  ranMs: number;
  written: string[];
  failed: RunOutcome[];
}

export async function runStudy(argv: string[]): Promise<StudyRunSummary> {
  const args = parseStudyArgs(argv);
  const notebookPath = path.resolve(args.notebook);
  const notebook = await readNotebookFile(notebookPath);
  const appRoot = resolveAppRoot();
  const codeVersion = studyCodeVersion(appRoot);
  const services = createStudyServices({ appRoot });
  // The notebook's compute setting applies headless too: its bridge over SSH, its seeds on Slurm.
  const compute = new ComputeRouter(services.bridge, { appRoot, extraSshArgs: defaultExtraArgs() });
  const names = new Map(notebook.cells.map((c) => [c.id, c.name]));
  let bar: ProgressBar | null = null;
  const store = new ArtifactStore(path.join(artifactsDirFor(notebookPath), 'artifacts'));
  await store.sweepTemporaries();
  const engine = new NotebookEngine({
    registry: studyCellKinds,
    services: { ...services, bridge: compute.bridgeFor(() => notebook.compute) },
    codeVersion,
    store,
    getCells: () => notebook.cells,
    onProgress: (event) => (args.quiet ? undefined : bar?.update(event)),
    onStatus: (event) => {
      if (!bar || args.quiet) return;
      const name = names.get(event.cellId) ?? event.cellId;
      if (event.status === 'done') {
        bar.cellFinished();
        bar.log(`✓ ${name} (${((event.output?.durationMs ?? 0) / 1000).toFixed(1)} s)`);
      } else if (event.status === 'error') bar.log(`✗ ${name}: ${event.output?.error ?? 'failed'}`);
      else if (event.status === 'cancelled') bar.log(`– ${name} cancelled`);
    },
  });

  const started = Date.now();
  const stop = (): void => {
    process.stderr.write('\nCancelling…\n');
    engine.cancel();
  };
  process.once('SIGINT', stop);
  let outcomes: RunOutcome[] = [];
  try {
    if (!args.noRun) {
      const { queued, done } = await engine.run('stale');
      bar = new ProgressBar(names, queued.length);
      if (!args.quiet) process.stderr.write(`${notebook.title}: ${queued.length} cell(s) to run, ${notebook.cells.length} in the notebook.\n`);
      outcomes = await done;
    }
    outcomes = [...outcomes, ...unknownKindOutcomes(notebook.cells)];
    const ranMs = Date.now() - started;
    const { written } = await exportNotebook(notebook, engine, { notebookPath, codeVersion }, { html: args.report, ipynb: args.ipynb, csv: args.csv, json: args.json, pngDir: args.png });
    const failed = outcomes.filter((o) => o.status !== 'done');
    if (!args.quiet) {
      process.stderr.write(`Ran in ${(ranMs / 1000).toFixed(1)} s: ${outcomes.filter((o) => o.status === 'done' && !o.cached).length} run, ${outcomes.filter((o) => o.cached).length} cached, ${failed.length} failed.\n`);
      for (const f of failed) process.stderr.write(`  ${f.cellName}: ${f.status}${f.error ? ` — ${f.error}` : ''}\n`);
      for (const file of written) process.stderr.write(`wrote ${file}\n`);
    }
    return { outcomes, ranMs, written, failed };
  } finally {
    process.off('SIGINT', stop);
    await compute.dispose();
    await services.dispose();
  }
}

/**
 * Cells of a kind this version does not know (a newer app wrote them): the engine skips them like
 * markdown, so the runner names each one as failed instead of passing over it in silence.
 */
export function unknownKindOutcomes(cells: readonly Cell[]): RunOutcome[] {
  const known = ['markdown', ...studyCellKinds.keys()];
  return cells
    .filter((cell) => !known.includes(cell.kind))
    .map((cell) => ({
      cellId: cell.id,
      cellName: cell.name,
      status: 'error' as const,
      cached: false,
      error: `unknown cell kind "${cell.kind}" (this version knows ${known.join(', ')}); it was not run — update Organism Studio or remove the cell`,
    }));
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  runStudy(process.argv.slice(2)).then(
    (summary) => process.exit(summary.failed.length > 0 ? 1 : 0),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(2);
    },
  );
}
