import type { ReactiveControllerHost } from 'lit';
import { inlineImageType, type FileRow } from '../lib/file-rows.js';
import { LatestCall } from '../lib/latest-call.js';
import type { FileStorage } from '../transport/s3.js';

export type ViewerStatus = 'closed' | 'loading' | 'shown' | 'failed';

/**
 * The image viewer: one image at screen size, its small preview at once and the full image
 * when loaded, previous and next through the images of the folder. Only raster images are
 * ever shown (`inlineImageType`); the bytes become a Blob of that type, never the type the
 * bucket serves. Returning focus is the view's (`focusRow`), as the row may have re-rendered.
 */
export class Viewer {
  status: ViewerStatus = 'closed';
  row?: FileRow;
  /** Object URL of the full image, once loaded. */
  full?: string;
  private readonly loading = new LatestCall();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly storage: () => FileStorage | undefined,
    private readonly images: () => FileRow[],
    private readonly focusRow: (key: string) => void,
  ) {}

  /** Whether a row opens in the viewer (else it downloads). */
  static shows(row: FileRow): boolean {
    return inlineImageType(row.name) !== undefined;
  }

  open(row: FileRow): void {
    if (Viewer.shows(row)) void this.show(row);
  }

  /** The previous (-1) or next (+1) image, wrapping around. */
  step(delta: number): void {
    const images = this.images();
    if (!this.row || images.length === 0) return;
    const at = images.indexOf(this.row);
    void this.show(images[(((at < 0 ? 0 : at) + delta) % images.length + images.length) % images.length]!);
  }

  close(): void {
    const row = this.row;
    this.loading.cancel();
    this.drop();
    this.row = undefined;
    this.status = 'closed';
    this.host.requestUpdate();
    if (row) void this.host.updateComplete.then(() => this.focusRow(row.key));
  }

  private async show(row: FileRow) {
    const storage = this.storage();
    if (!storage) return;
    const signal = this.loading.begin();
    this.drop();
    this.row = row;
    this.status = 'loading';
    this.host.requestUpdate();
    try {
      const bytes = await storage.read(row.key, { signal });
      if (signal.aborted) return;
      this.full = URL.createObjectURL(new Blob([bytes], { type: inlineImageType(row.name) }));
      this.status = 'shown';
    } catch {
      if (signal.aborted) return;
      this.status = 'failed';
    }
    this.loading.finish(signal);
    this.host.requestUpdate();
  }

  private drop() {
    if (this.full) URL.revokeObjectURL(this.full);
    this.full = undefined;
  }
}
