import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { validateConfig, type ConfigAttributeKey, type UploaderConfig } from '../lib/config.js';
import { LatestCall } from '../lib/latest-call.js';

export type ConfigStatus = 'loading' | 'invalid' | 'ready';

/** What the element passes in: the `config` URL and the individual attributes. */
export interface ConfigSource {
  url?: string;
  attributes: Partial<Record<ConfigAttributeKey, string | undefined>>;
}

/**
 * Resolves the element's configuration: fetches the `config` URL (if any), lays the
 * attributes over it, validates the result. A new source aborts the previous load, so a
 * late answer never overwrites a newer configuration.
 */
export class ConfigController implements ReactiveController {
  status: ConfigStatus = 'loading';
  config?: UploaderConfig;
  problems: string[] = [];
  private readonly loading = new LatestCall();
  private lastKey?: string;
  private source?: ConfigSource;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onSettled: (controller: ConfigController) => void,
  ) {
    host.addController(this);
  }

  /** A load cut short by a disconnect is started again when the element comes back. */
  hostConnected(): void {
    if (this.source && this.lastKey === undefined) this.update(this.source);
  }

  hostDisconnected(): void {
    if (!this.loading.pending) return;
    this.loading.cancel();
    this.lastKey = undefined;
  }

  /** Call whenever the source may have changed; does nothing when it has not. */
  update(source: ConfigSource): void {
    const key = JSON.stringify(source);
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.source = source;
    const signal = this.loading.begin();
    this.status = 'loading';
    this.host.requestUpdate();
    void this.resolve(source, signal).then((result) => {
      if (signal.aborted) return;
      this.loading.finish(signal);
      if (result.ok) {
        this.status = 'ready';
        this.config = result.config;
        this.problems = [];
      } else {
        this.status = 'invalid';
        this.config = undefined;
        this.problems = result.problems;
      }
      this.host.requestUpdate();
      this.onSettled(this);
    });
  }

  private async resolve(source: ConfigSource, signal: AbortSignal) {
    let fromFile: Record<string, unknown> = {};
    if (source.url) {
      const loaded = await loadJson(source.url, signal);
      if (!loaded.ok) return { ok: false as const, problems: [loaded.problem] };
      if (typeof loaded.value !== 'object' || loaded.value === null || Array.isArray(loaded.value)) {
        return { ok: false as const, problems: [`the configuration file ${source.url} must hold a JSON object`] };
      }
      fromFile = loaded.value as Record<string, unknown>;
    }
    const fromAttributes = Object.fromEntries(Object.entries(source.attributes).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    return validateConfig({ ...fromFile, ...fromAttributes });
  }
}

async function loadJson(url: string, signal: AbortSignal): Promise<{ ok: true; value: unknown } | { ok: false; problem: string }> {
  let response: Response;
  try {
    response = await fetch(url, { signal, credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch (error) {
    if (signal.aborted) return { ok: false, problem: 'configuration load was cancelled' };
    return { ok: false, problem: `could not load the configuration file ${url}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!response.ok) return { ok: false, problem: `could not load the configuration file ${url}: HTTP ${response.status}` };
  try {
    return { ok: true, value: await response.json() };
  } catch {
    return { ok: false, problem: `the configuration file ${url} is not valid JSON` };
  }
}
