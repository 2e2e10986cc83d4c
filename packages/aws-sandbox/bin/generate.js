#!/usr/bin/env node
/*
 * Writes a generated scenario (and its catalog entities) from the TypeScript
 * source, so it needs no build step. Options: see src/generate/cli.ts.
 */
require('@backstage/cli/config/nodeTransform.cjs');

require('../src/generate/cli').main(process.argv.slice(2));
