// Exports of a notebook's results: the self-contained HTML report, a Jupyter notebook, CSV/JSON of
// every metric and images of every plot. Built from cached results; the caller runs the notebook first.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Notebook } from '../../shared/notebook-schema.js';
import type { Figure } from '../cells/plot/figures.js';
import type { NotebookEngine } from '../engine/engine.js';
import { collectReport, type ReportData } from './collect.js';
import { renderReportHtml } from './html.js';
import { notebookIpynb } from './ipynb.js';
import { metricsCsv, studyMetrics, type StudyMetrics } from './metrics.js';
import { renderFigureImages } from './png.js';

export interface ExportTargets {
  html?: string;
  /** Jupyter notebook (nbformat 4.5): the cells with their results as outputs. */
  ipynb?: string;
  csv?: string;
  json?: string;
  /** Folder for one PNG per plot cell. */
  pngDir?: string;
}

export interface ExportResult {
  report: ReportData;
  metrics: StudyMetrics;
  written: string[];
}

export function plotFigures(report: ReportData): Array<{ name: string; figure: Figure }> {
  return report.cells
    .filter((rc) => rc.cell.kind === 'plot' && rc.artifact)
    .map((rc) => ({ name: rc.cell.name, figure: (rc.artifact?.output.data as { figure: Figure }).figure }));
}

export async function exportNotebook<S>(
  notebook: Notebook,
  engine: NotebookEngine<S>,
  meta: { notebookPath: string | null; codeVersion: string },
  targets: ExportTargets,
): Promise<ExportResult> {
  const report = await collectReport(notebook, engine, meta);
  const metrics = studyMetrics(report);
  const written: string[] = [];
  const write = async (file: string, text: string): Promise<void> => {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFile(file, text);
    written.push(file);
  };
  if (targets.html) await write(targets.html, (await renderReportHtml(report)).html);
  if (targets.ipynb) await write(targets.ipynb, notebookIpynb(report));
  if (targets.csv) await write(targets.csv, metricsCsv(metrics));
  if (targets.json) await write(targets.json, `${JSON.stringify({ title: report.title, generatedAt: report.generatedAt, codeVersion: report.codeVersion, ...metrics }, null, 2)}\n`);
  if (targets.pngDir) written.push(...(await renderFigureImages(plotFigures(report), targets.pngDir)));
  return { report, metrics, written };
}
