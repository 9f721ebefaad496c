import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Files arriving on the element: dragged onto the drop zone (with the drag-over state that
 * highlights it) or pasted anywhere in the element. `accepting` says whether files are taken
 * now (signed in, storage open); `add` receives them.
 */
export class DropTarget implements ReactiveController {
  /** A drag with files is over the drop zone. */
  dragging = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly accepting: () => boolean,
    private readonly add: (files: File[]) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('paste', this.onPaste);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('paste', this.onPaste);
  }

  onDragOver = (event: DragEvent): void => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.setDragging(true);
  };

  onDragLeave = (event: DragEvent): void => {
    // Moving between the zone's own children is not leaving it.
    if ((event.currentTarget as HTMLElement).contains(event.relatedTarget as Node | null)) return;
    this.setDragging(false);
  };

  onDrop = (event: DragEvent): void => {
    event.preventDefault();
    this.setDragging(false);
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length > 0) this.add(files);
  };

  private onPaste = (event: ClipboardEvent): void => {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0 || !this.accepting()) return;
    event.preventDefault();
    this.add(files);
  };

  private setDragging(dragging: boolean) {
    if (this.dragging === dragging) return;
    this.dragging = dragging;
    this.host.requestUpdate();
  }
}
