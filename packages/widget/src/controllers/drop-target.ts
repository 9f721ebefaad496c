import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PickedFile } from './upload-queue.js';

/**
 * Files arriving on the element: dragged onto the drop zone (with the drag-over state that
 * highlights it), whole folders too (each file with the folder path it had), or pasted
 * anywhere in the element. `accepting` says whether files are taken now (signed in, storage
 * open); `add` receives them.
 */
export class DropTarget implements ReactiveController {
  /** A drag with files is over the drop zone. */
  dragging = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly accepting: () => boolean,
    private readonly add: (files: PickedFile[]) => void,
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
    // Entries must be taken during the event; reading the folders' contents comes after.
    const entries = [...(event.dataTransfer?.items ?? [])].map((item) => item.webkitGetAsEntry?.()).filter((entry): entry is FileSystemEntry => !!entry);
    if (entries.some((entry) => entry.isDirectory)) {
      void Promise.all(entries.map((entry) => filesOf(entry, ''))).then((lists) => this.add(lists.flat()));
      return;
    }
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length > 0) this.add(files.map((file) => ({ file, folder: '' })));
  };

  private onPaste = (event: ClipboardEvent): void => {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0 || !this.accepting()) return;
    event.preventDefault();
    this.add(files.map((file) => ({ file, folder: '' })));
  };

  private setDragging(dragging: boolean) {
    if (this.dragging === dragging) return;
    this.dragging = dragging;
    this.host.requestUpdate();
  }
}

/** Every file under a dropped entry, with the folder path it has inside the drop. */
async function filesOf(entry: FileSystemEntry, folder: string): Promise<PickedFile[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ file, folder }];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const inside = `${folder}${entry.name}/`;
  const children: FileSystemEntry[] = [];
  // readEntries hands out a directory in batches (100 in Chromium) until an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  return (await Promise.all(children.map((child) => filesOf(child, inside)))).flat();
}
