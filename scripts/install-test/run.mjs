// The install test: a new Backstage app made with the newest @backstage/create-app
// in the registry, its @backstage/* pinned to this repository's yarn.lock, gets
// the packed plugins and follows docs/installing.md's install steps literally.
//
// Stages (each logged with its time): pack, create, pin, install steps.
// The app lives outside this repository (INSTALL_TEST_DIR, default
// ~/.cache/backstage-streaming-install-test), so nothing of the monorepo is
// visible to it; Yarn's cache there makes later runs faster.
//
// Usage: node scripts/install-test/run.mjs [--report FILE]
import { execFileSync, execSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { packAll, publishablePackages } from '../pack/pack.mjs';
import { backstageVersions } from './lockfile.mjs';
import { startTarballRegistry } from './registry.mjs';
import { checkInBrowser } from './browser.mjs';
import {
  fetchWithTimeout,
  freePort,
  startService,
  stopAllServices,
  waitFor,
} from '../e2e/lib.mjs';
import { applicableSteps, applyStep, parseInstallSteps } from './steps.mjs';

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const WORK =
  process.env.INSTALL_TEST_DIR ??
  path.join(os.homedir(), '.cache', 'backstage-streaming-install-test');
const APP = path.join(WORK, 'app');
const PACKS = path.join(WORK, 'pack');
const LOG = path.join(WORK, 'install-test.log');

const { values } = parseArgs({
  options: {
    report: { type: 'string' },
    reuse: { type: 'boolean', default: false },
    // Development only: the tarballs of the last run, without building again.
    'skip-pack': { type: 'boolean', default: false },
  },
});
const BASELINE = path.join(WORK, 'baseline');

function log(message) {
  const line = `${new Date().toISOString()} ${message}`;
  console.log(line);
  writeFileSync(LOG, `${line}\n`, { flag: 'a' });
}

/** Yarn and npm reach the registry npm is set up with; nothing is written into the app about it. */
function registryEnv() {
  const env = {
    ...process.env,
    YARN_ENABLE_TELEMETRY: '0',
    YARN_ENABLE_GLOBAL_CACHE: '1',
    // The new app's lockfile grows with every step (`yarn add`, `yarn install`):
    // under CI=true Yarn would refuse to write it, as it should for this repository.
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
  };
  try {
    const registry = execSync('npm config get registry', { encoding: 'utf8' })
      .trim()
      .replace(/\/$/, '');
    if (registry && registry !== 'undefined')
      env.YARN_NPM_REGISTRY_SERVER = registry;
  } catch {
    // npm's default registry then
  }
  return env;
}

/** Runs a shell command in the app, output to the log; asynchronous, so the tarball registry in this process keeps answering. */
function sh(command, cwd = APP) {
  log(`$ ${command}`);
  return new Promise((resolve, reject) => {
    const child = spawn(
      '/bin/bash',
      ['-c', `${command} >>${JSON.stringify(LOG)} 2>&1`],
      {
        cwd,
        env: registryEnv(),
        stdio: 'ignore',
      },
    );
    child.on('error', reject);
    child.on('exit', code =>
      code === 0
        ? resolve()
        : reject(
            new Error(`${command} failed (exit code ${code}); see ${LOG}`),
          ),
    );
  });
}

async function stage(name, fn) {
  const started = Date.now();
  log(`stage ${name}`);
  await fn();
  log(`stage ${name} done in ${Math.round((Date.now() - started) / 1000)} s`);
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function writeJson(file, value) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Pins the app's @backstage/* dependencies, and their transitive copies, to this repository's versions. */
function pinBackstage(versions) {
  const manifests = [
    path.join(APP, 'package.json'),
    path.join(APP, 'packages/app/package.json'),
    path.join(APP, 'packages/backend/package.json'),
  ];
  for (const file of manifests) {
    const manifest = readJson(file);
    for (const field of ['dependencies', 'devDependencies']) {
      for (const name of Object.keys(manifest[field] ?? {})) {
        if (versions.has(name)) manifest[field][name] = versions.get(name);
      }
    }
    writeJson(file, manifest);
  }
  const root = readJson(manifests[0]);
  root.resolutions = { ...root.resolutions, ...Object.fromEntries(versions) };
  writeJson(manifests[0], root);
}

let passed = 0;
let failed = 0;
try {
  mkdirSync(WORK, { recursive: true });
  writeFileSync(LOG, '');
  let tarballs;
  await stage('pack', () => {
    if (values['skip-pack']) {
      tarballs = readdirSync(PACKS).map(file => ({
        tarball: path.join(PACKS, file),
      }));
      return;
    }
    const { results, problems } = packAll({ out: PACKS });
    if (problems.length) throw new Error(problems.join('\n'));
    tarballs = results;
  });
  // The app as create-app wrote it, pinned and installed, is kept (a git commit in the app) and
  // reused with --reuse while this repository's yarn.lock is unchanged.
  const lockHash = execSync(
    `sha256sum ${JSON.stringify(path.join(ROOT, 'yarn.lock'))}`,
    { encoding: 'utf8' },
  ).split(' ')[0];
  const reusable =
    values.reuse &&
    existsSync(BASELINE) &&
    readFileSync(BASELINE, 'utf8').trim() === lockHash;
  if (reusable) {
    await stage('reuse', async () => {
      await sh('git reset --hard -q install-test-baseline && git clean -fdq');
      await sh('yarn install');
    });
  } else {
    await stage('create', () => {
      const version = execSync('npm view @backstage/create-app version', {
        encoding: 'utf8',
      }).trim();
      rmSync(APP, { recursive: true, force: true });
      rmSync(BASELINE, { force: true });
      log(`@backstage/create-app ${version}`);
      execFileSync(
        'npx',
        [
          '-y',
          `@backstage/create-app@${version}`,
          '--path',
          APP,
          '--skip-install',
        ],
        {
          cwd: WORK,
          env: {
            ...registryEnv(),
            BACKSTAGE_APP_NAME: 'streaming-install-test',
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
    });
    await stage('pin', () => {
      pinBackstage(backstageVersions(path.join(ROOT, 'yarn.lock')));
    });
    await stage('install', async () => {
      await sh('yarn install');
      await sh(
        'git add -A && git -c user.name=install-test -c user.email=install-test@localhost commit -qm baseline && git tag -f install-test-baseline',
      );
      writeFileSync(BASELINE, lockHash);
    });
  }
  await stage('install steps', async () => {
    // The plugins come from a registry of their own tarballs, as they will from the public one.
    const registry = await startTarballRegistry(tarballs);
    try {
      const yarnrc = path.join(APP, '.yarnrc.yml');
      // New apps refuse packages younger than npmMinimalAgeGate; these were packed minutes ago.
      const settings = readFileSync(yarnrc, 'utf8').replace(
        /^npmPreapprovedPackages:\n/m,
        "npmPreapprovedPackages:\n  - '@backstage-streaming/*'\n",
      );
      writeFileSync(
        yarnrc,
        `${settings}\nnpmScopes:\n  backstage-streaming:\n    npmRegistryServer: "${registry.url}"\nunsafeHttpWhitelist:\n  - 127.0.0.1\n`,
      );
      const available = new Set(
        publishablePackages(ROOT).map(pkg => pkg.manifest.name),
      );
      const steps = applicableSteps(
        parseInstallSteps(
          readFileSync(path.join(ROOT, 'docs/installing.md'), 'utf8'),
        ),
        available,
      );
      for (const step of steps) {
        log(`step ${step.directive}`);
        await applyStep(step, APP, { runShell: command => sh(command) });
      }
    } finally {
      await registry.close();
    }
  });
  await stage('type check', () => sh('yarn tsc'));
  await stage('build the app', () => sh('yarn --cwd packages/app build'));
  await stage('boot against the sandbox and check in Chromium', async () => {
    const [backendPort, sandboxPort] = [await freePort(), await freePort()];
    const backendUrl = `http://localhost:${backendPort}`;
    // The test's own settings, beside what the install steps configured: the sandbox's
    // account and endpoint, and this repository's example entities.
    writeFileSync(
      path.join(APP, 'app-config.local.yaml'),
      [
        'app:',
        `  baseUrl: ${backendUrl}`,
        'backend:',
        `  baseUrl: ${backendUrl}`,
        `  listen: { port: ${backendPort} }`,
        `  cors: { origin: ${backendUrl} }`,
        'aws:',
        '  accounts:',
        "    - accountId: '111111111111'",
        '      accessKeyId: AKIASANDBOX111111111',
        '      secretAccessKey: sandbox-secret-111',
        'streaming:',
        '  aws:',
        `    endpoint: http://127.0.0.1:${sandboxPort}`,
        "    accounts: [{ accountId: '111111111111', regions: [us-east-1] }]",
        '  refresh: { frequency: { minutes: 30 }, timeout: { minutes: 5 }, initialDelay: { seconds: 1 } }',
        'catalog:',
        '  rules: [{ allow: [Component, System, API, Resource, Location, Group, User, Template] }]',
        '  locations:',
        `    - { type: file, target: ${path.join(
          ROOT,
          'examples/entities.yaml',
        )} }`,
        `    - { type: file, target: ${path.join(ROOT, 'examples/org.yaml')} }`,
        '',
      ].join('\n'),
    );
    try {
      const sandbox = startService(
        'sandbox',
        process.execPath,
        [path.join(ROOT, 'packages/aws-sandbox/bin/aws-sandbox.js')],
        {
          cwd: ROOT,
          env: { ...process.env, SANDBOX_PORT: String(sandboxPort) },
          logFile: path.join(WORK, 'sandbox.log'),
        },
      );
      await waitFor(
        'the sandbox',
        async () =>
          (
            await fetchWithTimeout(
              `http://127.0.0.1:${sandboxPort}/_sandbox/health`,
            )
          ).ok,
        {
          timeoutMs: 60_000,
          service: sandbox,
        },
      );
      const backend = startService(
        'backend',
        'yarn',
        ['workspace', 'backend', 'start'],
        {
          cwd: APP,
          env: registryEnv(),
          logFile: path.join(WORK, 'backend.log'),
        },
      );
      await waitFor(
        "the new app's backend",
        async () =>
          (
            await fetchWithTimeout(
              `${backendUrl}/.backstage/health/v1/readiness`,
            )
          ).ok,
        {
          timeoutMs: 300_000,
          service: backend,
        },
      );
      await waitFor(
        'the first streaming inventory refresh',
        async () => {
          const token = (
            await (
              await fetchWithTimeout(
                `${backendUrl}/api/auth/guest/refresh?env=development`,
                {
                  method: 'POST',
                  headers: { 'x-requested-with': 'XMLHttpRequest' },
                },
              )
            ).json()
          ).backstageIdentity.token;
          const status = await (
            await fetchWithTimeout(`${backendUrl}/api/streaming/v1/status`, {
              headers: { authorization: `Bearer ${token}` },
            })
          ).json();
          return status.accountRegions?.some(r => r.lastSuccessAt);
        },
        { timeoutMs: 300_000, service: backend },
      );
      const profileDir = path.join(WORK, 'chromium-profile');
      rmSync(profileDir, { recursive: true, force: true });
      await checkInBrowser({
        baseUrl: backendUrl,
        entityPath: '/catalog/default/component/orders-service',
        clusterName: 'orders-standard',
        screenshotDir: WORK,
        profileDir,
      });
    } finally {
      await stopAllServices();
    }
  });
  passed++;
} catch (error) {
  failed++;
  log(`FAILED: ${error.message}`);
}
if (values.report)
  writeFileSync(values.report, JSON.stringify({ passed, failed }));
process.exit(failed === 0 ? 0 : 1);
