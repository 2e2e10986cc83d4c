import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { loadScenario, parseScenario, Scenario } from '../scenario';
import { parseGeneratorArgs } from './cli';
import { generateEntities } from './entities';
import {
  ARCHIVE_COMPONENT,
  ARCHIVE_TOPICS,
  GeneratorOptions,
  planEstate,
} from './plan';
import { THROUGHPUT_DAILY_VARIATION } from './regionContent';
import {
  generateScenario,
  writeEntitiesFile,
  writeScenarioFile,
} from './writeScenario';

const SMALL: GeneratorOptions = {
  accounts: 2,
  regions: 2,
  clusters: 24,
  topics: 1500,
  applications: 60,
  groups: 8,
  seed: 7,
};

/** Topic names per cluster ARN: listed ones, and for Serverless the ones its metrics reveal. */
function topicsByCluster(scenario: Scenario): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const account of scenario.accounts) {
    for (const region of account.regions.values()) {
      for (const cluster of region.clusters) {
        const names = new Set(cluster.topics.map(t => t.name));
        if (cluster.type === 'serverless') {
          for (const series of region.metrics) {
            const dims = Object.fromEntries(
              series.dimensions.map(d => [d.name, d.value]),
            );
            if (dims['Cluster Name'] === cluster.name && dims.Topic) {
              names.add(dims.Topic);
            }
          }
        }
        out.set(cluster.arn, names);
      }
    }
  }
  return out;
}

function allMetrics(scenario: Scenario) {
  return scenario.accounts.flatMap(a =>
    [...a.regions.values()].flatMap(r => r.metrics),
  );
}

function hasSeries(
  scenario: Scenario,
  name: string,
  dims: Record<string, string>,
): boolean {
  return allMetrics(scenario).some(
    s =>
      s.name === name &&
      Object.entries(dims).every(([k, v]) =>
        s.dimensions.some(d => d.name === k && d.value === v),
      ),
  );
}

describe('the scenario generator', () => {
  const scenario = parseScenario(generateScenario(SMALL), 'generated');
  const clusters = scenario.accounts.flatMap(a =>
    [...a.regions.values()].flatMap(r => r.clusters),
  );
  const applications = scenario.accounts.flatMap(a =>
    [...a.regions.values()].flatMap(r => r.flinkApplications),
  );

  it('writes a valid scenario with exactly the asked-for counts', () => {
    expect(scenario.accounts).toHaveLength(2);
    for (const account of scenario.accounts) {
      expect([...account.regions.keys()]).toEqual(['us-east-1', 'eu-west-1']);
    }
    expect(clusters).toHaveLength(24);
    expect(applications).toHaveLength(60);
    const topicCount = [...topicsByCluster(scenario).values()].reduce(
      (sum, names) => sum + names.size,
      0,
    );
    expect(topicCount).toBe(1500);
  });

  it('is deterministic for a seed and differs for another seed', () => {
    expect(generateScenario(SMALL)).toEqual(generateScenario(SMALL));
    expect(generateScenario({ ...SMALL, seed: 8 })).not.toEqual(
      generateScenario(SMALL),
    );
  });

  it('gives every asset its metrics', () => {
    const topics = topicsByCluster(scenario);
    for (const cluster of clusters) {
      for (const topic of topics.get(cluster.arn)!) {
        expect(
          hasSeries(scenario, 'BytesInPerSec', {
            'Cluster Name': cluster.name,
            Topic: topic,
          }),
        ).toBe(true);
      }
    }
    for (const cluster of clusters.filter(c => c.type !== 'serverless')) {
      expect(
        hasSeries(scenario, 'CpuUser', { 'Cluster Name': cluster.name }),
      ).toBe(true);
    }
    for (const app of applications.filter(a => a.status === 'RUNNING')) {
      expect(hasSeries(scenario, 'KPUs', { Application: app.name })).toBe(true);
    }
    expect(
      allMetrics(scenario).some(s =>
        s.dimensions.some(d => d.name === 'Consumer Group'),
      ),
    ).toBe(true);
  });

  it('varies throughput from day to day, so a backfilled cost history is not flat', () => {
    const bytes = allMetrics(scenario).filter(s =>
      ['BytesInPerSec', 'BytesOutPerSec'].includes(s.name),
    );
    expect(bytes.length).toBeGreaterThan(0);
    for (const series of bytes) {
      expect(series.value.dailyVariation).toBe(THROUGHPUT_DAILY_VARIATION);
    }
    // Other series keep their daily averages.
    expect(
      allMetrics(scenario)
        .filter(s => s.name === 'CpuUser')
        .every(s => !s.value.dailyVariation),
    ).toBe(true);
  });

  it('spreads a large estate like a real one', () => {
    const plan = planEstate({
      accounts: 10,
      regions: 2,
      clusters: 300,
      topics: 30_000,
      applications: 1000,
      groups: 40,
      seed: 1,
    });
    const types = new Map<string, number>();
    for (const c of plan.clusters)
      types.set(c.type, (types.get(c.type) ?? 0) + 1);
    expect(types.get('standard')!).toBeGreaterThan(150);
    expect(types.get('express')!).toBeGreaterThan(20);
    expect(types.get('serverless')!).toBeGreaterThan(20);
    const unownedClusters = plan.clusters.filter(c => !c.owner).length;
    expect(unownedClusters / 300).toBeGreaterThan(0.05);
    expect(unownedClusters / 300).toBeLessThan(0.15);
    const unownedApps = plan.applications.filter(a => !a.owner).length;
    expect(unownedApps / 1000).toBeGreaterThan(0.05);
    expect(unownedApps / 1000).toBeLessThan(0.15);
    expect(new Set(plan.clusters.map(c => c.name)).size).toBe(300);
    expect(new Set(plan.applications.map(a => a.name)).size).toBe(1000);
    expect(plan.clusters.reduce((sum, c) => sum + c.topicCount, 0)).toBe(
      30_000,
    );
    const sizes = plan.clusters.map(c => c.topicCount).sort((a, b) => a - b);
    expect(sizes[0]).toBeGreaterThan(0);
    expect(sizes[299]).toBeGreaterThan(5 * sizes[150]);
    expect(new Set(plan.applications.map(a => a.parallelism)).size).toBe(7);
    expect(new Set(plan.clusters.map(c => c.owner)).size).toBe(41);
    expect(plan.clusters[0].archiveTopics).toBe(ARCHIVE_TOPICS);
    expect(plan.clusters[0].name).toMatch(/^[a-z-]+-standard-\d\d$/);
  });

  it('writes catalog entities: teams, services attaching their assets, the 200-topic archiver', () => {
    const plan = planEstate({ ...SMALL, topics: 3000 });
    const entities = [...generateEntities(plan)];
    const groups = entities.filter(e => e.kind === 'Group');
    expect(groups.map(g => g.metadata.name)).toEqual(plan.groups);
    const archiver = entities.find(e => e.metadata.name === ARCHIVE_COMPONENT)!;
    const [clusterName, pattern] =
      archiver.metadata.annotations!['aws.amazon.com/amazon-msk-topics'].split(
        '/',
      );
    const generated = parseScenario(generateScenario(plan.options));
    const archiveCluster = generated.accounts
      .flatMap(a => [...a.regions.values()].flatMap(r => r.clusters))
      .find(c => c.name === clusterName)!;
    const prefix = pattern.replace(/\*$/, '');
    expect(
      archiveCluster.topics.filter(t => t.name.startsWith(prefix)),
    ).toHaveLength(ARCHIVE_TOPICS);
    // Every component's owner is a generated group; no entity names an unowned cluster's ARN.
    const components = entities.filter(e => e.kind === 'Component');
    for (const c of components) {
      expect(plan.groups).toContain(c.spec.owner);
    }
    const attachedArns = components.flatMap(c =>
      (c.metadata.annotations!['aws.amazon.com/amazon-msk-cluster-arn'] ?? '')
        .split(',')
        .filter(Boolean),
    );
    for (const cluster of plan.clusters.filter(c => !c.owner)) {
      expect(attachedArns).not.toContain(cluster.arn);
    }
    expect(plan.clusters.some(c => !c.owner)).toBe(true);
  });

  describe('files', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'generate-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('streams the same scenario to a file that loadScenario reads, and the entities as YAML documents', async () => {
      const plan = planEstate(SMALL);
      const path = join(dir, 'scenario.json');
      await writeScenarioFile(plan, path);
      const text = readFileSync(path, 'utf8');
      // The JSON is a YAML document as well: the sandbox format either way.
      expect(parseYaml(text)).toEqual(generateScenario(SMALL));
      expect(loadScenario(path).accounts).toHaveLength(2);

      const entitiesPath = join(dir, 'entities.yaml');
      const count = await writeEntitiesFile(plan, entitiesPath);
      const docs = parseAllDocuments(readFileSync(entitiesPath, 'utf8'));
      expect(Array.isArray(docs) && docs.length).toBe(count);
      expect(
        (docs as ReturnType<typeof parseAllDocuments> & unknown[]).map(
          (d: any) => d.toJS().kind,
        ),
      ).toContain('Group');
    });
  });

  it('parses its command line and names what is wrong', () => {
    expect(
      parseGeneratorArgs(['--topics', '10', '--out', 'x/s.json'], '/repo'),
    ).toEqual({
      options: expect.objectContaining({ topics: 10, clusters: 300 }),
      out: '/repo/x/s.json',
      entities: '/repo/x/s.entities.yaml',
    });
    expect(parseGeneratorArgs([], '/repo')).toMatchObject({
      out: '/repo/.bench/scenario.generated.json',
      entities: '/repo/.bench/scenario.generated.entities.yaml',
    });
    expect(() => parseGeneratorArgs(['--regions', '99'], '/repo')).toThrow(
      /--regions must be a whole number from 1 to 8/,
    );
    expect(() => parseGeneratorArgs(['--clusters', 'many'], '/repo')).toThrow(
      /--clusters must be a whole number/,
    );
  });
});
