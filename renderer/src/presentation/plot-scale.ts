// Plots on a projector (presentation mode, 1280×720 seen from the back of a room): larger text,
// markers, lines and whiskers. The figure itself is untouched; a scaled copy is drawn.
import { PRESENTING_PLOT } from './plot-sizes.js';

type Trace = Record<string, unknown>;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const times = (v: unknown, k: number): unknown => (typeof v === 'number' ? v * k : Array.isArray(v) ? v.map((x) => (typeof x === 'number' ? x * k : x)) : v);

/** Each trace with its marker size, line width and error-bar thickness scaled for a projector. */
export function scaleTraces(data: readonly Trace[]): Trace[] {
  const { markerScale, lineScale } = PRESENTING_PLOT;
  return data.map((trace) => {
    const next: Trace = { ...trace };
    if (isRecord(trace['marker'])) next['marker'] = { ...trace['marker'], size: times(trace['marker']['size'] ?? 6, markerScale) };
    if (isRecord(trace['line'])) next['line'] = { ...trace['line'], width: times(trace['line']['width'] ?? 2, lineScale) };
    for (const bars of ['error_x', 'error_y'] as const) {
      const e = trace[bars];
      if (isRecord(e)) next[bars] = { ...e, thickness: times(e['thickness'] ?? 1, lineScale), width: times(e['width'] ?? 2, markerScale) };
    }
    return next;
  });
}

/** Fonts of the layout (base, title, annotations, legend) at projector size. */
export function scaleLayout(layout: Record<string, unknown>): Record<string, unknown> {
  const size = PRESENTING_PLOT.fontSize;
  const title = isRecord(layout['title']) ? layout['title'] : typeof layout['title'] === 'string' ? { text: layout['title'] } : undefined;
  const annotations = Array.isArray(layout['annotations'])
    ? layout['annotations'].map((a: unknown) => (isRecord(a) ? { ...a, font: { ...(isRecord(a['font']) ? a['font'] : {}), size: size - 3 } } : a))
    : undefined;
  // Larger tick labels push into an axis title placed for the normal size: let plotly grow the
  // margins to fit both (automargin), and keep the title clear of the ticks.
  const axes: Record<string, unknown> = {};
  for (const [key, axis] of Object.entries(layout)) {
    if (!/^[xy]axis\d*$/.test(key) || !isRecord(axis)) continue;
    const axisTitle = isRecord(axis['title']) ? axis['title'] : typeof axis['title'] === 'string' ? { text: axis['title'] } : undefined;
    axes[key] = { ...axis, automargin: true, ...(axisTitle ? { title: { ...axisTitle, standoff: 14 } } : {}) };
  }
  return {
    ...layout,
    ...axes,
    ...(title ? { title: { ...title, font: { ...(isRecord(title['font']) ? title['font'] : {}), size: size + 5 } } } : {}),
    ...(annotations ? { annotations } : {}),
    legend: { ...(isRecord(layout['legend']) ? layout['legend'] : {}), font: { size: size - 1 } },
  };
}
