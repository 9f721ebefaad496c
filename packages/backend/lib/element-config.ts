/**
 * The element's config JSON, as the backend produces it. Its shape is declared once, by the
 * element (packages/widget/src/lib/config.ts), and the password policy's shape with it: the
 * stack's outputs, this converter and the local backend's `/_local/config` all use those
 * types, and tests check what they produce with the element's own validation.
 */
import type { UploaderConfig } from '../../widget/src/lib/config.js';
import { STACK_NAME } from './app.js';
import { OUTPUT } from './stacks/secure-uploader-stack.js';

export { MFA_MODES, validateConfig, type MfaMode, type UploaderConfig } from '../../widget/src/lib/config.js';
export { passwordRules, type PasswordPolicy, type PasswordRule } from '../../widget/src/lib/password-policy.js';

/**
 * Turns the file written by `cdk deploy --outputs-file F` into the element's config JSON.
 * Fails with a message naming what is missing, since a half-filled config only shows up
 * later as a confusing sign-in error in the browser.
 */
export function elementConfigFromCdkOutputs(outputsFile: unknown, stackName: string = STACK_NAME): UploaderConfig {
  if (typeof outputsFile !== 'object' || outputsFile === null) {
    throw new Error('the outputs file is not a JSON object; write it with `cdk deploy --outputs-file cdk-outputs.json`');
  }
  const stacks = outputsFile as Record<string, unknown>;
  const outputs = stacks[stackName];
  if (typeof outputs !== 'object' || outputs === null) {
    const found = Object.keys(stacks);
    throw new Error(`no outputs for stack "${stackName}" in the file (found: ${found.length ? found.join(', ') : 'none'})`);
  }
  const values = outputs as Record<string, unknown>;
  const read = (name: string): string => {
    const value = values[name];
    if (typeof value !== 'string' || value === '') {
      throw new Error(`stack "${stackName}" has no output "${name}"; was it deployed from this version of the stack?`);
    }
    return value;
  };
  const config: UploaderConfig = {
    region: read(OUTPUT.region),
    userPoolId: read(OUTPUT.userPoolId),
    userPoolClientId: read(OUTPUT.userPoolClientId),
    identityPoolId: read(OUTPUT.identityPoolId),
    bucket: read(OUTPUT.bucket),
  };
  // Optional outputs (stacks deployed before they existed lack them).
  if (typeof values[OUTPUT.passwordPolicy] === 'string') config.passwordPolicy = JSON.parse(values[OUTPUT.passwordPolicy] as string);
  if (values[OUTPUT.allowGuests] === 'true') config.allowGuests = true;
  if (values[OUTPUT.selfSignUp] === 'false') config.selfSignUp = false;
  if (typeof values[OUTPUT.mfa] === 'string') config.mfa = values[OUTPUT.mfa] as UploaderConfig['mfa'];
  if (typeof values[OUTPUT.storageLayout] === 'string') config.storageLayout = values[OUTPUT.storageLayout] as UploaderConfig['storageLayout'];
  if (typeof values[OUTPUT.limits] === 'string') config.limits = JSON.parse(values[OUTPUT.limits] as string);
  return config;
}
