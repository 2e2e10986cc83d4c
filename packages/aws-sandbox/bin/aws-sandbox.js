#!/usr/bin/env node
/*
 * Runs the sandbox from its TypeScript source, so it needs no build step.
 * Environment: SANDBOX_PORT (default 4566), SANDBOX_HOST (default 127.0.0.1),
 * SANDBOX_SCENARIO (default examples/sandbox/demo.yaml in the repository).
 */
require('@backstage/cli/config/nodeTransform.cjs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..', '..');
require('../src/cli').main({
  defaultScenarioPath: path.join(repoRoot, 'examples', 'sandbox', 'demo.yaml'),
});
