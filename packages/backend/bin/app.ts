#!/usr/bin/env node
// The CDK app entry point (see cdk.json). Options come from context: see CONTEXT in lib/app.ts.
import { createApp } from '../lib/app.js';
import { InvalidPropError } from '../lib/constructs/validation.js';

try {
  createApp();
} catch (error) {
  // A bad prop is the user's to fix: say which, without a stack trace in the way.
  if (!(error instanceof InvalidPropError)) throw error;
  console.error(`error: ${error.message}`);
  process.exitCode = 1;
}
