/**
 * Runs a function at most once per animation frame however often it is asked for: the scroll
 * window's measuring, the upload queue's progress render. Without frames (not a browser page)
 * it runs at once.
 */
export class OncePerFrame {
  private frame = 0;

  constructor(private readonly run: () => void) {}

  ask(): void {
    if (this.frame) return;
    if (typeof requestAnimationFrame === 'undefined') return this.run();
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.run();
    });
  }

  cancel(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }
}
