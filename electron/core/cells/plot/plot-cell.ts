// `plot` cell: a plotly figure of one or many train cells — trade-off curves (bad-behaviour rate
// against capability, 95% bands), loss curves, or bars of the reduction at 10% capability loss.
import type { CellKindDefinition } from '../../engine/types.js';
import { TrainResultSchema, inputList, parseInput } from '../common/results.js';
import type { StudyServices } from '../services.js';
import { lossFigure, reductionBarsFigure, tradeoffFigure, type Figure } from './figures.js';

export { PlotConfigSchema, type PlotConfig } from '../../../shared/cell-configs/plot.js';
import { PlotConfigSchema, type PlotConfig } from '../../../shared/cell-configs/plot.js';

const DEFAULT_TITLES: Record<PlotConfig['type'], string> = {
  tradeoff: 'Bad behaviour vs capability under blue-team training',
  loss: 'Blue-team training loss',
  bars: 'Reduction of bad behaviour at 10% capability loss',
};

export const plotCell: CellKindDefinition<PlotConfig, StudyServices> = {
  kind: 'plot',
  runnerVersion: '6', // 6: seeds with their own checkpoints are one mean curve with a band; 5: axis titles and percent ticks (cached figures are rebuilt)
  configSchema: PlotConfigSchema,
  async run(ctx) {
    const trains = inputList(ctx.inputs.runs, 'runs').map((input) => ({ cellName: input.cellName, result: parseInput(input, 'train', TrainResultSchema) }));
    const title = ctx.config.title ?? DEFAULT_TITLES[ctx.config.type];
    const build = { tradeoff: tradeoffFigure, loss: lossFigure, bars: reductionBarsFigure }[ctx.config.type];
    const figure: Figure = build(trains, title);
    return { summary: { type: ctx.config.type, series: trains.length }, data: { type: ctx.config.type, figure } };
  },
};
