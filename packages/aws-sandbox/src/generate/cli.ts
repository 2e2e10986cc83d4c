import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GeneratorOptions, planEstate, validateOptions } from './plan';
import { writeEntitiesFile, writeScenarioFile } from './writeScenario';

const USAGE = `Usage: generate [--accounts 10] [--regions 2] [--clusters 300] [--topics 30000]
                [--applications 1000] [--groups 40] [--seed 1]
                [--out .bench/scenario.generated.json] [--entities <out>.entities.yaml]
Relative paths are from the repository root when run with yarn.`;

const DEFAULTS: GeneratorOptions = {
  accounts: 10,
  regions: 2,
  clusters: 300,
  topics: 30_000,
  applications: 1000,
  groups: 40,
  seed: 1,
};

/** Reads the command line; throws with the usage when something is wrong. */
export function parseGeneratorArgs(
  args: string[],
  cwd: string,
): { options: GeneratorOptions; out: string; entities: string } {
  const { values } = parseArgs({
    args,
    options: {
      accounts: { type: 'string' },
      regions: { type: 'string' },
      clusters: { type: 'string' },
      topics: { type: 'string' },
      applications: { type: 'string' },
      groups: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      entities: { type: 'string' },
    },
    strict: true,
  });
  const options = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof GeneratorOptions)[]) {
    const value = values[key];
    if (value !== undefined) options[key] = Number(value);
  }
  const problems = validateOptions(options);
  if (problems.length > 0) {
    throw new Error(`${problems.join('\n')}\n${USAGE}`);
  }
  const out = resolve(cwd, values.out ?? '.bench/scenario.generated.json');
  const entities = values.entities
    ? resolve(cwd, values.entities)
    : out.replace(/(\.json|\.ya?ml)?$/, '.entities.yaml');
  return { options, out, entities };
}

/** The `generate` command: writes a scenario and its catalog entities. */
export async function main(args: string[]): Promise<void> {
  try {
    // `yarn workspace … generate` runs in the package directory and hides where
    // the user typed (INIT_CWD is the package too): relative paths are from the
    // repository root, as the README's commands are written.
    const cwd = process.env.PROJECT_CWD ?? process.cwd();
    const { options, out, entities } = parseGeneratorArgs(args, cwd);
    const started = Date.now();
    const plan = planEstate(options);
    mkdirSync(dirname(out), { recursive: true });
    mkdirSync(dirname(entities), { recursive: true });
    await writeScenarioFile(plan, out);
    const entityCount = await writeEntitiesFile(plan, entities);
    process.stdout.write(
      `Wrote ${out} (${options.clusters} clusters, ${options.topics} topics, ${
        options.applications
      } Flink applications in ${
        options.accounts * options.regions
      } account-regions) and ${entities} (${entityCount} entities) in ${
        Date.now() - started
      } ms\n`,
    );
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
