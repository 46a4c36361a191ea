// Presentation mode's state, shared by the views that draw differently on a projector (plots
// scale their fonts and markers): whether it is on, and which slide is shown.
export class Presentation {
  on = $state(false);
  slide = $state(0);

  start(slide = 0): void {
    this.slide = slide;
    this.on = true;
  }
  stop(): void {
    this.on = false;
  }
  /** Move by `offset` slides, staying within 0 … count-1. */
  move(offset: number, count: number): void {
    this.slide = Math.max(0, Math.min(count - 1, this.slide + offset));
  }
}

/** The one instance (presentation is app-wide, like the theme). */
export const presentation = new Presentation();

/** Plot sizes for a 1280×720 projector (plot-sizes.ts). */
export { PRESENTING_PLOT } from './plot-sizes.js';
