// plotly.js is large (~4.8 MB): load it on first use, once, in its own chunk.
import type { Config, Data, Layout } from 'plotly.js';

export interface PlotlyApi {
  react(el: HTMLElement, data: Data[], layout: Partial<Layout>, config?: Partial<Config>): Promise<unknown>;
  purge(el: HTMLElement): void;
  downloadImage(el: HTMLElement, options: { format: 'png' | 'svg'; filename: string; width?: number; height?: number; scale?: number }): Promise<string>;
  Plots: { resize(el: HTMLElement): void };
}

let loading: Promise<PlotlyApi> | null = null;

export function loadPlotly(): Promise<PlotlyApi> {
  loading ??= import('plotly.js-dist-min').then((m) => ((m as { default?: unknown }).default ?? m) as PlotlyApi);
  return loading;
}

/** A figure as stored by the core (plain JSON). */
export interface FigureJson {
  data: Array<Record<string, unknown>>;
  layout: Record<string, unknown>;
}

/** Theme colours for text and grid; data colours stay (they were chosen to read on both). */
export function themedLayout(layout: Record<string, unknown>, theme: 'light' | 'dark', extra: Record<string, unknown> = {}): Partial<Layout> {
  const fg = theme === 'dark' ? '#e3e6ea' : '#1d2127';
  const grid = theme === 'dark' ? '#343a45' : '#e3e6ee';
  const axis = (a: unknown): Record<string, unknown> => ({ gridcolor: grid, zerolinecolor: grid, linecolor: grid, ...(a as Record<string, unknown> | undefined) });
  return {
    ...layout,
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { color: fg, family: 'system-ui, sans-serif', size: 12 },
    xaxis: axis(layout['xaxis']),
    yaxis: axis(layout['yaxis']),
    hoverlabel: { bgcolor: theme === 'dark' ? '#23272e' : '#ffffff', font: { color: fg } },
    ...extra,
  } as Partial<Layout>;
}
