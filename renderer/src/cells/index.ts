// The one list of cell kinds. Every folder `renderer/src/cells/<kind>/` with a `register.ts`
// (which calls `registerCellKind`) is picked up here at build time, so adding a kind means adding
// its folder — neither this file nor the cell frame changes. Markdown is built in.
import './markdown/register.js';

// Vite resolves this glob at build time; `eager` runs each register.ts once, in path order.
import.meta.glob(['./*/register.ts', '!./markdown/register.ts'], { eager: true });

export { getCellKind, listCellKinds, isRunnableKind, newCellDefaults, uniqueCellName } from './registry.js';
export type { CellKindDefinition, CellProps, ThemeName } from './types.js';
