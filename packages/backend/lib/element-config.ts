import { STACK_NAME } from './app.js';
import { OUTPUT } from './stacks/secure-uploader-stack.js';

/** The element's config JSON (DESIGN.md §4.2). */
export interface ElementConfig {
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  identityPoolId: string;
  bucket: string;
  endpoint?: string;
  /** Shown to users while they choose a password. */
  passwordPolicy?: { minLength: number; requireLowercase: boolean; requireUppercase: boolean; requireNumbers: boolean; requireSymbols: boolean };
  /** Whether the element offers "continue as guest". */
  allowGuests?: boolean;
}

/**
 * Turns the file written by `cdk deploy --outputs-file F` into the element's config JSON.
 * Fails with a message naming what is missing, since a half-filled config only shows up
 * later as a confusing sign-in error in the browser.
 */
export function elementConfigFromCdkOutputs(outputsFile: unknown, stackName: string = STACK_NAME): ElementConfig {
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
  const config: ElementConfig = {
    region: read(OUTPUT.region),
    userPoolId: read(OUTPUT.userPoolId),
    userPoolClientId: read(OUTPUT.userPoolClientId),
    identityPoolId: read(OUTPUT.identityPoolId),
    bucket: read(OUTPUT.bucket),
  };
  // Optional outputs (stacks deployed before they existed lack them).
  if (typeof values[OUTPUT.passwordPolicy] === 'string') config.passwordPolicy = JSON.parse(values[OUTPUT.passwordPolicy] as string);
  if (values[OUTPUT.allowGuests] === 'true') config.allowGuests = true;
  return config;
}
