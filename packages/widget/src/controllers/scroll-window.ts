import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { onScreen, rowWindow, type RowWindow, type Viewport } from '../lib/row-window.js';
import { OncePerFrame } from './once-per-frame.js';

/** Rows kept in the DOM above and below the viewport, for smooth scrolling. */
const MARGIN = 8;
/** Before the scroller is measured: a typical list height. */
const FIRST_VIEWPORT: Viewport = { scrollTop: 0, height: 480 };

/**
 * The scroll position of a long list and the rows it puts in the DOM. The view binds
 * `onScroll` and `scroller`; `nearEnd` runs when the window reaches the last rows, to load
 * more. Updates the host only when the window changes, at most once per frame.
 */
export class ScrollWindow implements ReactiveController {
  private viewport: Viewport = FIRST_VIEWPORT;
  private element?: HTMLElement;
  private readonly measureSoon = new OncePerFrame(() => this.measure());
  /** Measures the scroller again when its height changes (and once when it is bound), instead of reading its height after every render, which forces a layout. */
  private readonly resizes = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(() => this.onScroll());
  count = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly rowHeight: number,
    private readonly nearEnd: () => void,
  ) {
    host.addController(this);
  }

  /** The rows to render for `count` rows. */
  window(count: number): RowWindow {
    this.count = count;
    return rowWindow(this.viewport, this.rowHeight, count, MARGIN);
  }

  /** The rows on screen now (for previews, which are asked only for these). */
  get visible(): RowWindow {
    return onScreen(this.viewport, this.rowHeight, this.count);
  }

  /** Binds the scrolling element (a `ref` callback). */
  scroller = (element: Element | undefined): void => {
    if (element === this.element) return;
    if (this.element) this.resizes?.unobserve(this.element);
    this.element = element as HTMLElement | undefined;
    if (this.element) this.resizes?.observe(this.element);
  };

  onScroll = (): void => this.measureSoon.ask();

  /** Back to the top (a new folder, another order). */
  reset(): void {
    this.viewport = { ...this.viewport, scrollTop: 0 };
    if (this.element) this.element.scrollTop = 0;
  }

  hostUpdated(): void {
    const { end } = rowWindow(this.viewport, this.rowHeight, this.count, MARGIN);
    if (this.count > 0 && end >= this.count - MARGIN) this.nearEnd();
  }

  hostConnected(): void {
    if (this.element) this.resizes?.observe(this.element);
  }

  hostDisconnected(): void {
    this.resizes?.disconnect();
    this.measureSoon.cancel();
  }

  private measure() {
    if (!this.element) return;
    const before = [rowWindow(this.viewport, this.rowHeight, this.count, MARGIN), this.visible];
    this.viewport = { scrollTop: this.element.scrollTop, height: this.element.clientHeight };
    const after = [rowWindow(this.viewport, this.rowHeight, this.count, MARGIN), this.visible];
    // The visible rows matter too: previews are asked for them.
    if (before.some((w, i) => w.start !== after[i]!.start || w.end !== after[i]!.end)) this.host.requestUpdate();
  }
}
