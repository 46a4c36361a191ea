// The cell kinds `addCell` accepts when no engine says which it runs (an engine-less core: tests,
// a build without the trainer). With an engine, its registry decides (EnginePort.cellKinds). A
// notebook may hold other kinds (a newer app wrote them: they open, are named as unknown and do
// not run), but an edit cannot add one. A unit test keeps this list within the engine's registry.
export const CELL_KINDS: readonly string[] = ['markdown', 'model', 'organism', 'train', 'evaluate', 'plot', 'sample', 'summary', 'diagnostics'];
