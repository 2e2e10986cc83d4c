// The install steps of docs/installing.md, as the install test follows them.
// A step is a fenced block preceded by an HTML comment (invisible on the page):
//
//   <!-- install-step: run -->                      a shell block, run in the app's root
//   <!-- install-step: insert FILE before "LINE" --> a code block, inserted above the line LINE of FILE
//   <!-- install-step: merge-yaml FILE -->           a YAML block, merged into FILE (maps merge, the rest replaces)
//
// `requires=PACKAGE` on a step skips it while PACKAGE is not one of this
// repository's plugins (a module still being built elsewhere).
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const YAML = require('yaml');

const STEP =
  /<!--\s*install-step:\s*(.*?)\s*-->\s*\n\s*\n?```(\w*)\n([\s\S]*?)\n```/g;

/** Parses one step's directive, e.g. `insert packages/backend/src/index.ts before "backend.start();"`. */
function parseDirective(text) {
  let rest = text;
  let requires;
  rest = rest.replace(/\s*requires=(\S+)/, (_, name) => {
    requires = name;
    return '';
  });
  const run = /^run$/.exec(rest);
  if (run) return { kind: 'run', requires };
  const insert = /^insert\s+(\S+)\s+before\s+"([^"]+)"$/.exec(rest);
  if (insert)
    return { kind: 'insert', file: insert[1], anchor: insert[2], requires };
  const merge = /^merge-yaml\s+(\S+)$/.exec(rest);
  if (merge) return { kind: 'merge-yaml', file: merge[1], requires };
  throw new Error(
    `install-step "${text}" is not run, insert FILE before "LINE" or merge-yaml FILE`,
  );
}

/** The steps of a page, in order. */
export function parseInstallSteps(markdown) {
  return [...markdown.matchAll(STEP)].map(match => ({
    ...parseDirective(match[1]),
    lang: match[2],
    body: match[3],
    directive: match[1],
  }));
}

function mergeDeep(target, source) {
  if (!target || typeof target !== 'object' || Array.isArray(target))
    return source;
  if (!source || typeof source !== 'object' || Array.isArray(source))
    return source;
  const merged = { ...target };
  for (const [key, value] of Object.entries(source)) {
    merged[key] = key in merged ? mergeDeep(merged[key], value) : value;
  }
  return merged;
}

/**
 * Applies one step to the app in appDir. `run` steps go through `runShell`
 * (so a caller can add environment or logging; it may return a promise); the
 * others edit files.
 */
export async function applyStep(
  step,
  appDir,
  {
    runShell = command => execSync(command, { cwd: appDir, stdio: 'inherit' }),
  } = {},
) {
  if (step.kind === 'run') {
    for (const line of step.body
      .split('\n')
      .map(l => l.trim())
      .filter(l => l && !l.startsWith('#'))) {
      await runShell(line);
    }
    return;
  }
  const file = path.join(appDir, step.file);
  const text = readFileSync(file, 'utf8');
  if (step.kind === 'insert') {
    const lines = text.split('\n');
    const at = lines.findIndex(line => line.trim() === step.anchor);
    if (at < 0)
      throw new Error(
        `${step.file} has no line "${step.anchor}" to insert above`,
      );
    lines.splice(at, 0, ...step.body.split('\n'), '');
    writeFileSync(file, lines.join('\n'));
    return;
  }
  const merged = mergeDeep(YAML.parse(text) ?? {}, YAML.parse(step.body));
  writeFileSync(file, YAML.stringify(merged));
}

/** The steps to follow when `available` names the plugins this repository packs. */
export function applicableSteps(steps, available) {
  return steps.filter(step => !step.requires || available.has(step.requires));
}
