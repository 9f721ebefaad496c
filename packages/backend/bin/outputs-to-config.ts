#!/usr/bin/env node
// Usage: npm run config -w packages/backend -- cdk-outputs.json [config.json]
// Reads what `cdk deploy --outputs-file cdk-outputs.json` wrote and prints (or writes) the
// element's config JSON.
import { readFileSync, writeFileSync } from 'node:fs';
import { elementConfigFromCdkOutputs } from '../lib/element-config.js';

const [inputPath, outputPath] = process.argv.slice(2);
if (!inputPath) {
  console.error('usage: outputs-to-config <cdk-outputs.json> [config.json]');
  process.exit(2);
}
try {
  const config = elementConfigFromCdkOutputs(JSON.parse(readFileSync(inputPath, 'utf8')));
  const json = `${JSON.stringify(config, null, 2)}\n`;
  if (outputPath) {
    writeFileSync(outputPath, json);
    console.error(`wrote ${outputPath}`);
  } else {
    process.stdout.write(json);
  }
} catch (error) {
  console.error(`error: ${inputPath}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
