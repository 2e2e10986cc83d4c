// The backend as production runs it: `backstage-cli package build` of
// packages/backend (which builds every workspace package it depends on, the
// frontend included, into dist/bundle.tar.gz), unpacked and run with plain
// node: no transform compiling TypeScript at start, no source maps of it in
// memory, the bundled JavaScript a deployment would run.
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import path from 'node:path';
import { runToLog } from '../e2e/lib.mjs';

/**
 * Builds and unpacks the backend into `<out>/backend-dist`; returns the
 * directory to run `node packages/backend` in.
 *
 * The bundle holds the workspace packages built (their package.json with the
 * published entry points, dist/index.cjs.js) but no third-party modules.
 * Instead of `yarn workspaces focus --production` (a second install), each
 * unpacked workspace package is linked into `<out>/backend-dist/node_modules`,
 * which Node searches before the repository's node_modules (the unpacked
 * directory lies inside the repository), so a workspace import reaches the
 * built package and every other import the installed one.
 */
export async function prepareProductionBackend({ root, out, logs, env }) {
  await runToLog('yarn', ['workspace', 'backend', 'build'], {
    cwd: root,
    env: { ...env, NODE_ENV: 'production' },
    logFile: path.join(logs, 'backend-build.log'),
    timeoutMs: 20 * 60_000,
  });
  const dist = path.join(out, 'backend-dist');
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  await runToLog(
    'tar',
    [
      '-xzf',
      path.join(root, 'packages/backend/dist/bundle.tar.gz'),
      '-C',
      dist,
    ],
    {
      cwd: root,
      env,
      logFile: path.join(logs, 'backend-unpack.log'),
      timeoutMs: 5 * 60_000,
    },
  );
  for (const parent of ['packages', 'plugins']) {
    for (const dir of readdirSync(path.join(dist, parent))) {
      const packageDir = path.join(dist, parent, dir);
      const { name } = JSON.parse(
        readFileSync(path.join(packageDir, 'package.json'), 'utf8'),
      );
      const link = path.join(dist, 'node_modules', name);
      mkdirSync(path.dirname(link), { recursive: true });
      symlinkSync(packageDir, link, 'dir');
    }
  }
  return dist;
}
