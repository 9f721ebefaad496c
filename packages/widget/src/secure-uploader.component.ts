import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { ConfigController } from './controllers/config-controller.js';
import { createEvent } from './events.js';
import { styles } from './secure-uploader.styles.js';

/**
 * `<secure-uploader>`: sign-in with Cognito and uploads straight to the visitor's own S3
 * prefix. Configure it with `config="config.json"` or with the attributes below.
 *
 * @fires su-error - configuration or service errors: `{ code, message }`
 * @csspart error - the box that explains what is wrong
 * @csspart status - short status text
 */
export class SecureUploaderElement extends LitElement {
  static override styles = styles;

  static override properties = {
    config: { type: String },
    region: { type: String },
    userPoolId: { type: String, attribute: 'user-pool-id' },
    userPoolClientId: { type: String, attribute: 'user-pool-client-id' },
    identityPoolId: { type: String, attribute: 'identity-pool-id' },
    bucket: { type: String },
    endpoint: { type: String },
  };

  /** URL of a JSON file holding the configuration; attributes override its values. */
  declare config?: string;
  declare region?: string;
  declare userPoolId?: string;
  declare userPoolClientId?: string;
  declare identityPoolId?: string;
  declare bucket?: string;
  /** One endpoint for Cognito and S3, e.g. the local backend `http://127.0.0.1:4566`. */
  declare endpoint?: string;

  private readonly configuration = new ConfigController(this, (controller) => {
    if (controller.status === 'invalid') {
      this.dispatchEvent(createEvent('su-error', { code: 'config-invalid', message: `Invalid configuration: ${controller.problems.join('; ')}` }));
    }
  });

  protected override willUpdate(_changed: PropertyValues<this>): void {
    this.configuration.update({
      url: this.config,
      attributes: {
        region: this.region,
        userPoolId: this.userPoolId,
        userPoolClientId: this.userPoolClientId,
        identityPoolId: this.identityPoolId,
        bucket: this.bucket,
        endpoint: this.endpoint,
      },
    });
  }

  protected override render() {
    switch (this.configuration.status) {
      case 'loading':
        return html`<p part="status" role="status">Loading…</p>`;
      case 'invalid':
        return html`<div part="error" role="alert">
          <strong>This uploader is not configured correctly.</strong>
          <ul>
            ${this.configuration.problems.map((problem) => html`<li>${problem}</li>`)}
          </ul>
        </div>`;
      case 'ready':
        return html`<p part="status" role="status">Connected to ${this.configuration.config?.bucket ?? nothing}.</p>`;
    }
  }
}
