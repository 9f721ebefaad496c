/**
 * Runs a function at most once per animation frame however often it is asked for: the scroll
 * window's measuring, the upload queue's progress render. With `minIntervalMs` it also waits
 * that long after its last run before asking for the next frame. Without frames (not a browser
 * page) it runs at once.
 */
export class OncePerFrame {
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastRun = -Infinity;

  constructor(
    private readonly run: () => void,
    private readonly minIntervalMs = 0,
  ) {}

  ask(): void {
    if (this.frame || this.timer !== undefined) return;
    if (typeof requestAnimationFrame === 'undefined') return this.run();
    const wait = this.lastRun + this.minIntervalMs - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.askFrame();
      }, wait);
    } else this.askFrame();
  }

  cancel(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.frame = 0;
    this.timer = undefined;
  }

  private askFrame() {
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.lastRun = performance.now();
      this.run();
    });
  }
}
