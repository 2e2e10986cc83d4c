// Packs every publishable package under plugins/ the way `npm publish` would:
// type declarations (yarn tsc), `backstage-cli package build`, then `yarn pack`
// (whose prepack/postpack steps point main/types/exports at dist and resolve
// workspace: ranges). Each tarball's manifest is then checked, so a package
// that would install broken fails here rather than in an adopter's app.
//
// Usage: node scripts/pack/pack.mjs [--out DIR] [--skip-build]
// Prints one JSON line per tarball: { name, version, tarball }.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);

/** The packages a release publishes: every non-private package under plugins/. */
export function publishablePackages(root = ROOT) {
  const dir = path.join(root, 'plugins');
  return readdirSync(dir, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(entry => path.join(dir, entry.name))
    .filter(pkgDir => existsSync(path.join(pkgDir, 'package.json')))
    .map(pkgDir => ({
      dir: pkgDir,
      manifest: JSON.parse(
        readFileSync(path.join(pkgDir, 'package.json'), 'utf8'),
      ),
    }))
    .filter(pkg => !pkg.manifest.private)
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

/** The files a manifest's entry points name (main, types, module and every exports target). */
function entryFiles(manifest) {
  const files = new Set();
  for (const field of ['main', 'types', 'module']) {
    if (typeof manifest[field] === 'string') files.add(manifest[field]);
  }
  const walk = value => {
    if (typeof value === 'string') {
      if (value.startsWith('./')) files.add(value);
    } else if (value && typeof value === 'object') {
      Object.values(value).forEach(walk);
    }
  };
  walk(manifest.exports);
  for (const targets of Object.values(manifest.typesVersions?.['*'] ?? {})) {
    targets.forEach(target => files.add(target));
  }
  return [...files].map(file =>
    path.posix.normalize(file.replace(/^\.\//, '')),
  );
}

/** What is wrong with a packed tarball, as messages naming the fix; empty when it is publishable. */
export function checkTarball(tarball, sourceDir) {
  const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map(file => file.replace(/^package\//, ''));
  const present = new Set(listing);
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], {
      encoding: 'utf8',
    }),
  );
  const problems = [];
  const name = manifest.name;
  for (const file of entryFiles(manifest)) {
    if (!file.startsWith('dist/') && file !== 'package.json') {
      problems.push(
        `${name}: entry point ${file} is not in dist/ (did prepack run?)`,
      );
    }
    if (!present.has(file)) {
      problems.push(`${name}: entry point ${file} is missing from the tarball`);
    }
  }
  for (const field of [
    'dependencies',
    'peerDependencies',
    'optionalDependencies',
  ]) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (String(range).startsWith('workspace:')) {
        problems.push(`${name}: ${field}.${dep} is still ${range}`);
      }
    }
  }
  if (!present.has('README.md')) problems.push(`${name}: README.md is missing`);
  if (manifest.configSchema && !present.has(manifest.configSchema)) {
    problems.push(
      `${name}: configSchema ${manifest.configSchema} is not in "files"`,
    );
  }
  // Knex migrations are read from the installed package at run time.
  const migrationsDir = path.join(sourceDir, 'migrations');
  if (existsSync(migrationsDir)) {
    for (const entry of readdirSync(migrationsDir, { withFileTypes: true })) {
      if (entry.isFile() && !present.has(`migrations/${entry.name}`)) {
        problems.push(
          `${name}: migrations/${entry.name} is missing from the tarball`,
        );
      }
    }
  }
  if (!manifest.backstage?.role)
    problems.push(`${name}: backstage.role is missing`);
  return problems;
}

function run(command, args, cwd) {
  execFileSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
}

export function packAll({ out, skipBuild = false }) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const packages = publishablePackages();
  if (!skipBuild) run('yarn', ['tsc'], ROOT);
  const results = [];
  const problems = [];
  for (const pkg of packages) {
    if (!skipBuild) run('yarn', ['backstage-cli', 'package', 'build'], pkg.dir);
    const base = pkg.manifest.name.replace(/^@/, '').replace('/', '-');
    const tarball = path.join(out, `${base}-${pkg.manifest.version}.tgz`);
    run('yarn', ['pack', '--out', tarball], pkg.dir);
    problems.push(...checkTarball(tarball, pkg.dir));
    results.push({
      name: pkg.manifest.name,
      version: pkg.manifest.version,
      tarball,
    });
  }
  return { results, problems };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: path.join(ROOT, '.test-output', 'pack') },
      'skip-build': { type: 'boolean', default: false },
    },
  });
  const { results, problems } = packAll({
    out: path.resolve(values.out),
    skipBuild: values['skip-build'],
  });
  for (const result of results) console.log(JSON.stringify(result));
  if (problems.length > 0) {
    for (const problem of problems) console.error(`error: ${problem}`);
    process.exit(1);
  }
}
