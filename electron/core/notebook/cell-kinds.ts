// The cell kinds this version of the app knows: markdown plus every kind the engine registers
// (electron/core/cells/index.ts; a unit test keeps the two lists equal). A notebook may hold other
// kinds (a newer app wrote them: they open, are named as unknown and do not run), but an edit
// cannot add one.
export const CELL_KINDS: readonly string[] = ['markdown', 'model', 'organism', 'train', 'evaluate', 'plot', 'sample', 'summary'];

export function isKnownCellKind(kind: string): boolean {
  return CELL_KINDS.includes(kind);
}
