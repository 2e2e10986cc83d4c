import { createWriteStream, WriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'yaml';
import type { ScenarioInput } from '../scenario';
import { generateEntities } from './entities';
import {
  accessKeyIdOf,
  EstatePlan,
  GeneratorOptions,
  planEstate,
} from './plan';
import { regionContent } from './regionContent';

function describe(options: GeneratorOptions): string {
  return `A generated estate (seed ${options.seed}): ${options.accounts} accounts x ${options.regions} regions, ${options.clusters} MSK clusters, ${options.topics} topics, ${options.applications} Flink applications, ${options.groups} teams.`;
}

/** The whole scenario as one object: for tests and small estates (the CLI streams instead). */
export function generateScenario(options: GeneratorOptions): ScenarioInput {
  const plan = planEstate(options);
  const accounts: ScenarioInput['accounts'] = {};
  for (const accountId of plan.accounts) {
    accounts[accountId] = {
      accessKeyId: accessKeyIdOf(accountId),
      secretAccessKey: `generated-secret-${accountId}`,
      regions: {},
    };
  }
  for (const place of plan.accountRegions) {
    accounts[place.accountId].regions[place.region] = regionContent(
      plan,
      place,
    );
  }
  return { name: 'generated', description: describe(options), accounts };
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function closed(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'close');
}

/**
 * Writes the scenario one account-region at a time, so memory stays bounded
 * by the largest account-region rather than the estate. The file is JSON (a
 * YAML document too) because the sandbox reads JSON fast (loadScenario).
 */
export async function writeScenarioFile(
  plan: EstatePlan,
  path: string,
): Promise<void> {
  const out = createWriteStream(path);
  const head = JSON.stringify({
    name: 'generated',
    description: describe(plan.options),
  });
  await write(out, `${head.slice(0, -1)},"accounts":{\n`);
  for (const [a, accountId] of plan.accounts.entries()) {
    const account = JSON.stringify({
      accessKeyId: accessKeyIdOf(accountId),
      secretAccessKey: `generated-secret-${accountId}`,
    });
    await write(
      out,
      `${a === 0 ? '' : ',\n'}${JSON.stringify(accountId)}:${account.slice(
        0,
        -1,
      )},"regions":{\n`,
    );
    const places = plan.accountRegions.filter(p => p.accountId === accountId);
    for (const [r, place] of places.entries()) {
      await write(
        out,
        `${r === 0 ? '' : ',\n'}${JSON.stringify(
          place.region,
        )}:${JSON.stringify(regionContent(plan, place))}`,
      );
    }
    await write(out, '}}');
  }
  await write(out, '}}\n');
  await closed(out);
}

/** Writes the groups and components (a multi-document YAML file the catalog reads). */
export async function writeEntitiesFile(
  plan: EstatePlan,
  path: string,
): Promise<number> {
  const out = createWriteStream(path);
  await write(
    out,
    `# Catalog entities of a generated estate: teams and the services attaching their assets.\n`,
  );
  let count = 0;
  for (const entity of generateEntities(plan)) {
    await write(
      out,
      `${count === 0 ? '' : '---\n'}${stringify(entity, { lineWidth: 0 })}`,
    );
    count++;
  }
  await closed(out);
  return count;
}
