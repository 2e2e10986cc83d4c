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
