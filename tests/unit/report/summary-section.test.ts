// The summary in the report and the metrics export: each Result's differences with interval and
// verdict, censoring named, QA controls beside their pirate row, the base model's capability curve.
import { describe, expect, it } from 'vitest';
import { summaryMetrics, summarySection } from '../../../electron/core/report/summary-section.js';
import { BACKDOOR, PROMPTED, summarise } from '../support/summary-study.js';

const study = () =>
  summarise([
    { cellName: 'pirate_prompted', label: 'prompted', groundTruth: PROMPTED, method: null, reductions: [0.9, 0.92, 0.88] },
    { cellName: 'pirate_r4', label: 'LoRA r4', groundTruth: BACKDOOR, method: { type: 'lora', rank: 4 }, reductions: [0.3, 0.32, 0.28], censored: [0], organismCell: 'lora_r4' },
    { cellName: 'qa_r4', label: 'LoRA r4', groundTruth: BACKDOOR, method: { type: 'lora', rank: 4 }, reductions: [0.1, 0.12, 0.08], dataset: 'qa', organismCell: 'lora_r4' },
    { cellName: 'pirate_base', label: 'embedded base', groundTruth: {}, method: null, reductions: [0], organismCell: 'base' },
  ]);

describe('summary in the report', () => {
  it('shows each difference with its interval, verdict, censoring, the rule and the scale caveat', async () => {
    const html = summarySection(await study());
    expect(html).toMatch(/Result 1: REPRODUCED/);
    expect(html).toMatch(/reduction\(prompted\) − reduction\(LoRA r4\) = <b>\+60\.0<\/b> points <span class="ci">95% \[\+\d+\.\d, \+\d+\.\d\]<\/span> → <b>reproduced<\/b> <b class="bad">CENSORED<\/b>/);
    expect(html).toContain('REPRODUCED only if every one of its comparisons is reproduced');
    expect(html).toContain('Small models install and lose backdoors within a few steps');
    expect(html).toMatch(/LoRA r4 <i>\(QA SFT control\)<\/i>/);
    expect(html).toMatch(/QA − pirate: −20\.0 points/);
    expect(html).toMatch(/Capability-loss reference/);
    expect(html).not.toMatch(/embedded base<\/td>/); // the base run is not an organism row
  });

  it('exports comparisons, QA controls and the capability reference as metric rows', async () => {
    const m = summaryMetrics(await study());
    const r1 = m.comparisons.find((c) => c['result'] === 'result1')!;
    expect(r1).toMatchObject({ plus: 'pirate_prompted', minus: 'pirate_r4', verdict: 'reproduced', censored_seeds: 1, seeds: 6, excludes_zero: true });
    expect(Number(r1['lo'])).toBeGreaterThan(0);
    expect(m.comparisons.find((c) => c['result'] === 'control:qa')).toMatchObject({ plus: 'qa_r4', minus: 'pirate_r4', verdict: null });
    expect(m.references.map((r) => r['step'])).toEqual([0, 20, 40, 60]);
    expect(m.summary.find((r) => r['cell'] === 'pirate_r4' && r['seed'] === 'mean')).toMatchObject({ censored_seeds: 1, capability_n_min: 300, behaviour_n_min: 200 });
    expect(m.findings.map((f) => f.id)).toEqual(['result1', 'result2', 'result3', 'result4']);
  });
});
