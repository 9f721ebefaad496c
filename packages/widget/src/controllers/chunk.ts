import type { ReactiveControllerHost } from 'lit';

/**
 * A part of the element loaded with import() when first needed: loaded once, the element
 * rendered again once `value` holds it; a load that fails (a dropped network) is forgotten,
 * so the next need tries again.
 */
export class Chunk<T> {
  /** What the load gave, once it has. */
  value?: T;
  private loading?: Promise<T>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly load: () => Promise<T>,
    private readonly failed: () => void,
  ) {}

  get(): Promise<T> {
    return (this.loading ??= this.load().then(
      (value) => {
        this.value = value;
        this.host.requestUpdate();
        return value;
      },
      (error: unknown) => {
        this.loading = undefined;
        this.failed();
        throw error;
      },
    ));
  }
}
