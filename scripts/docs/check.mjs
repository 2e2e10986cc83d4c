// The docs suite of `npm test`: builds docs/ with `mkdocs build --strict`
// (Debian's mkdocs; the techdocs-core plugin is left out, it is not installable
// here) and checks that the pages stay complete: the generated configuration
// reference matches every config.d.ts, every error message the plugins can show
// is in docs/troubleshooting.md, and every page is in the nav.
//
// Usage: node scripts/docs/check.mjs [--report FILE]
// The report is { passed, failed } as scripts/run.sh counts suites.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { REFERENCE, renderReference } from './configReference.mjs';
import { collectErrorMessages } from './sources.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import {
  applicableSteps,
  applyStep,
  parseInstallSteps,
} from '../install-test/steps.mjs';
import { publishablePackages } from '../pack/pack.mjs';

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const DOCS = path.join(ROOT, 'docs');
const OUT = path.join(ROOT, '.test-output', 'mkdocs');
const require = createRequire(import.meta.url);
const YAML = require('yaml');

/** mkdocs.yml without the plugins that are not installed here. */
function checkConfig() {
  const config = YAML.parse(
    readFileSync(path.join(ROOT, 'mkdocs.yml'), 'utf8'),
  );
  config.plugins = (config.plugins ?? []).filter(
    plugin => plugin !== 'techdocs-core',
  );
  config.docs_dir = DOCS;
  config.site_dir = path.join(OUT, 'site');
  return config;
}

function navPages(nav) {
  return (nav ?? []).flatMap(item =>
    typeof item === 'string'
      ? [item]
      : Object.values(item).flatMap(value =>
          Array.isArray(value) ? navPages(value) : [value],
        ),
  );
}

const checks = {
  'mkdocs build --strict'() {
    mkdirSync(OUT, { recursive: true });
    const configFile = path.join(OUT, 'mkdocs.yml');
    writeFileSync(configFile, YAML.stringify(checkConfig()));
    const result = spawnSync(
      'mkdocs',
      ['build', '--strict', '--config-file', configFile],
      {
        encoding: 'utf8',
      },
    );
    if (result.error)
      return [
        `mkdocs could not run (${result.error.message}); install Debian's mkdocs`,
      ];
    return result.status === 0
      ? []
      : [`mkdocs build --strict failed:\n${result.stdout}${result.stderr}`];
  },

  'every page is in the nav'() {
    const pages = new Set(
      navPages(
        YAML.parse(readFileSync(path.join(ROOT, 'mkdocs.yml'), 'utf8')).nav,
      ),
    );
    return readdirSync(DOCS)
      .filter(file => file.endsWith('.md') && !pages.has(file))
      .map(file => `docs/${file} is not in mkdocs.yml's nav`);
  },

  async 'the configuration reference matches every config.d.ts'() {
    const current = readFileSync(REFERENCE, 'utf8');
    return current === (await renderReference(ROOT))
      ? []
      : [
          'docs/configuration-reference.md is out of date: run node scripts/docs/configReference.mjs',
        ];
  },

  'every error message is in docs/troubleshooting.md'() {
    const page = readFileSync(
      path.join(DOCS, 'troubleshooting.md'),
      'utf8',
    ).replace(/\\\|/g, '|');
    return collectErrorMessages(ROOT)
      .filter(({ message }) => !page.includes(`\`${message}\``))
      .map(
        ({ message, file, line }) =>
          `${file}:${line}: "${message}" is not in docs/troubleshooting.md`,
      );
  },
};

checks['docs/installing.md steps install every plugin'] = () => {
  const steps = parseInstallSteps(
    readFileSync(path.join(DOCS, 'installing.md'), 'utf8'),
  );
  const problems = [];
  for (const { manifest } of publishablePackages(ROOT)) {
    const role = manifest.backstage?.role;
    if (
      !['frontend-plugin', 'backend-plugin', 'backend-plugin-module'].includes(
        role,
      )
    )
      continue;
    const added = steps.some(
      step =>
        step.kind === 'run' &&
        new RegExp(`\\badd ${manifest.name}(\\s|$)`).test(step.body),
    );
    if (!added) problems.push(`no install-step adds ${manifest.name}`);
    const wired = steps.some(
      step =>
        step.kind === 'insert' &&
        step.body.includes(`import('${manifest.name}')`),
    );
    if (role !== 'frontend-plugin' && !wired) {
      problems.push(
        `no install-step adds ${manifest.name} to packages/backend/src/index.ts`,
      );
    }
  }
  return problems;
};

checks["docs/installing.md's file steps apply to a new app's files"] =
  async () => {
    // The two files create-app writes that the steps edit, reduced to the lines they rely on.
    const app = mkdtempSync(path.join(os.tmpdir(), 'install-steps-'));
    try {
      mkdirSync(path.join(app, 'packages/backend/src'), { recursive: true });
      writeFileSync(
        path.join(app, 'packages/backend/src/index.ts'),
        "const backend = createBackend();\nbackend.add(import('@backstage/plugin-catalog-backend'));\n\nbackend.start();\n",
      );
      writeFileSync(
        path.join(app, 'app-config.yaml'),
        'app:\n  title: Scaffolded Backstage App\nbackend:\n  baseUrl: http://localhost:7007\n',
      );
      const available = new Set(
        publishablePackages(ROOT).map(pkg => pkg.manifest.name),
      );
      const steps = applicableSteps(
        parseInstallSteps(
          readFileSync(path.join(DOCS, 'installing.md'), 'utf8'),
        ),
        available,
      );
      for (const step of steps) {
        if (step.kind !== 'run') await applyStep(step, app);
      }
      const problems = [];
      const index = readFileSync(
        path.join(app, 'packages/backend/src/index.ts'),
        'utf8',
      );
      if (!index.trimEnd().endsWith('backend.start();'))
        problems.push('backend.start() is no longer last in index.ts');
      for (const name of available) {
        const role = publishablePackages(ROOT).find(
          pkg => pkg.manifest.name === name,
        ).manifest.backstage?.role;
        if (
          ['backend-plugin', 'backend-plugin-module'].includes(role) &&
          !index.includes(`import('${name}')`)
        ) {
          problems.push(`index.ts does not add ${name} after the steps`);
        }
      }
      const config = YAML.parse(
        readFileSync(path.join(app, 'app-config.yaml'), 'utf8'),
      );
      if (config.app?.title !== 'Scaffolded Backstage App')
        problems.push('merging app-config.yaml lost the app title');
      if (!config.streaming?.aws?.accounts?.length)
        problems.push(
          'app-config.yaml has no streaming.aws.accounts after the steps',
        );
      return problems;
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  };

const { values } = parseArgs({ options: { report: { type: 'string' } } });
let passed = 0;
let failed = 0;
for (const [name, check] of Object.entries(checks)) {
  const problems = await check();
  if (problems.length === 0) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}`);
    for (const problem of problems) console.log(`     ${problem}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
if (values.report)
  writeFileSync(values.report, JSON.stringify({ passed, failed }));
process.exit(failed === 0 ? 0 : 1);
