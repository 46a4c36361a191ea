// PNG (and SVG) images of plot figures, drawn by plotly in headless Chromium (playwright-core with
// the system browser; nothing is downloaded). Light theme, 2x scale, for papers and slides.
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Figure } from '../cells/plot/figures.js';

export const CHROMIUM_PATH = process.env['ORGANISM_STUDIO_CHROMIUM'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function renderFigureImages(
  figures: Array<{ name: string; figure: Figure }>,
  outDir: string,
  options: { formats?: Array<'png' | 'svg'>; width?: number; height?: number } = {},
): Promise<string[]> {
  if (figures.length === 0) return [];
  const formats = options.formats ?? ['png'];
  await mkdir(outDir, { recursive: true });
  // Loaded on the first image, not with the host: playwright-core is most of the host's code by size.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true }).catch((error: unknown) => {
    throw new Error(`Cannot start Chromium at ${CHROMIUM_PATH} to draw plot images (${(error as Error).message}). Install chromium or set ORGANISM_STUDIO_CHROMIUM.`);
  });
  const written: string[] = [];
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body><div id="plot"></div></body></html>');
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('plotly.js-dist-min/plotly.min.js') });
    for (const { name, figure } of figures) {
      for (const format of formats) {
        const dataUrl = await page.evaluate(
          async ({ figure, format, width, height }) => {
            const plotly = (globalThis as unknown as { Plotly: { newPlot: (...a: unknown[]) => Promise<unknown>; toImage: (...a: unknown[]) => Promise<string> } }).Plotly;
            const el = (globalThis as unknown as { document: { getElementById(id: string): unknown } }).document.getElementById('plot');
            const layout = { ...figure.layout, paper_bgcolor: '#ffffff', plot_bgcolor: '#ffffff', width, height };
            await plotly.newPlot(el, figure.data, layout, { staticPlot: true });
            return plotly.toImage(el, { format, width, height, scale: format === 'png' ? 2 : 1 });
          },
          { figure, format, width: options.width ?? 900, height: options.height ?? 560 },
        );
        const file = path.join(outDir, `${name}.${format}`);
        const comma = dataUrl.indexOf(',');
        const payload = dataUrl.slice(comma + 1);
        await writeFile(file, format === 'png' ? Buffer.from(payload, 'base64') : decodeURIComponent(payload));
        written.push(file);
      }
    }
  } finally {
    await browser.close();
  }
  return written;
}
