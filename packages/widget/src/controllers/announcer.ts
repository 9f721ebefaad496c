import type { ReactiveControllerHost } from 'lit';

/** How many recent announcements the region keeps (older ones are dropped; they were heard). */
const KEPT = 3;

/**
 * The element's one polite live region (`role="log"`): what a screen reader should hear without
 * moving focus (uploads started, finished and failed; the question before a delete; failures).
 * Each announcement is a new line, so two in a row are both heard, and the same words twice too.
 */
export class Announcer {
  /** The recent announcements, oldest first, each with a number that makes it a new line. */
  lines: { id: number; text: string }[] = [];
  private next = 1;

  constructor(private readonly host: ReactiveControllerHost) {}

  announce(text: string): void {
    this.lines = [...this.lines, { id: this.next++, text }].slice(-KEPT);
    this.host.requestUpdate();
  }

  /** The latest announcement. */
  get last(): string {
    return this.lines.at(-1)?.text ?? '';
  }
}
