/**
 * Which rows of a long list to put in the DOM: those in the scrolled viewport plus a margin on
 * each side. With fixed-height rows this is arithmetic, so the DOM holds a bounded number of
 * rows whatever the count, and scrolling never measures the page.
 */
/** Height of one row of the file list in CSS pixels (the styles and the window use it). */
export const ROW_HEIGHT = 64;

export interface RowWindow {
  /** First row in the DOM. */
  start: number;
  /** One past the last row in the DOM. */
  end: number;
}

export interface Viewport {
  scrollTop: number;
  height: number;
}

export function rowWindow(viewport: Viewport, rowHeight: number, count: number, margin: number): RowWindow {
  const first = Math.floor(Math.max(0, viewport.scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewport.height) / rowHeight) + 1;
  const start = Math.max(0, Math.min(first - margin, count - visible - margin));
  return { start, end: Math.max(start, Math.min(count, first + visible + margin)) };
}

/** The rows a window shows on screen (without its margins). */
export function onScreen(viewport: Viewport, rowHeight: number, count: number): RowWindow {
  return rowWindow(viewport, rowHeight, count, 0);
}
