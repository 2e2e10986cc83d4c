import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noiseAt, sampleAt } from './generators';
import { loadScenario, parseScenario, ScenarioError } from './scenario';
import { startSandbox } from './server';
import { DEMO_SCENARIO } from './__testUtils__/sandbox';

/** The issues a bad scenario is rejected with. */
function issuesOf(raw: unknown): string[] {
  try {
    parseScenario(raw, 'test.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as Error).message).toMatch(
      /^Invalid sandbox scenario test\.yaml:/,
    );
    return (error as ScenarioError).issues;
  }
  throw new Error('expected the scenario to be rejected');
}

const minimal = (
  region: Record<string, unknown>,
  account: Record<string, unknown> = {},
) => ({
  name: 't',
  accounts: {
    '111111111111': {
      accessKeyId: 'AKIASANDBOX111111111',
      regions: { 'us-east-1': region },
      ...account,
    },
  },
});

describe('loadScenario', () => {
  it('loads the demo estate with the shared names and fills defaults', () => {
    const scenario = loadScenario(DEMO_SCENARIO);
    expect(scenario.name).toBe('demo');
    expect(
      scenario.accounts.map(a => [a.id, a.accessKeyId, [...a.regions.keys()]]),
    ).toEqual([
      [
        '111111111111',
        'AKIASANDBOX111111111',
        ['us-east-1', 'eu-west-1', 'us-west-2'],
      ],
      ['222222222222', 'AKIASANDBOX222222222', ['us-east-1']],
    ]);
    const orders = scenario.accounts[0].regions.get('us-east-1')!.clusters[0];
    expect(orders.topics).toHaveLength(34);
    expect(
      orders.topics.find(t => t.name === 'payments.settled'),
    ).toMatchObject({ partitions: 6, replicationFactor: 2 });
    expect(
      orders.topics.find(t => t.name === 'audit.events.029'),
    ).toMatchObject({
      partitions: 3,
      replicationFactor: 3,
      configs: { 'cleanup.policy': 'delete', 'retention.ms': '604800000' },
    });
    const serverless =
      scenario.accounts[0].regions.get('eu-west-1')!.clusters[0];
    expect(serverless).toMatchObject({
      type: 'serverless',
      uuid: '5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170-s1',
    });
    const sessionizer =
      scenario.accounts[1].regions.get('us-east-1')!.flinkApplications[0];
    expect(sessionizer).toMatchObject({
      arn: 'arn:aws:kinesisanalytics:us-east-1:222222222222:application/clickstream-sessionizer',
      runtime: 'FLINK-2_2',
      versionId: 3,
      tags: { owner: 'team-analytics' },
    });
  });

  it('generates stable ARNs and realistic defaults for a minimal cluster', () => {
    const load = () =>
      parseScenario(
        minimal({
          clusters: [{ name: 'tiny', type: 'express' }],
          flinkApplications: [{ name: 'job' }],
        }),
      );
    const [first, second] = [load(), load()];
    const cluster = first.accounts[0].regions.get('us-east-1')!.clusters[0];
    expect(cluster).toEqual(
      second.accounts[0].regions.get('us-east-1')!.clusters[0],
    );
    expect(cluster.arn).toMatch(
      /^arn:aws:kafka:us-east-1:111111111111:cluster\/tiny\/[0-9a-f-]{36}-1$/,
    );
    expect(cluster).toMatchObject({
      instanceType: 'express.m7g.large',
      brokers: 3,
      kafkaVersion: '3.6.0',
      state: 'ACTIVE',
      storageGiB: undefined,
      encryption: { clientBroker: 'TLS', inCluster: true },
      authentication: { iam: true, unauthenticated: false },
    });
    const app =
      first.accounts[0].regions.get('us-east-1')!.flinkApplications[0];
    expect(app).toMatchObject({
      status: 'RUNNING',
      runtime: 'FLINK-1_20',
      mode: 'STREAMING',
      versionId: 1,
    });
  });

  it('names the path of a bad field', () => {
    expect(
      issuesOf(minimal({ clusters: [{ name: 'x', type: 'huge' }] })),
    ).toEqual([
      expect.stringMatching(
        /^accounts\.111111111111\.regions\.us-east-1\.clusters\[0\]\.type: /,
      ),
    ]);
    expect(
      issuesOf(
        minimal({
          clusters: [{ name: 'x', type: 'standard', brokers: 'three' }],
        }),
      )[0],
    ).toMatch(
      /^accounts\.111111111111\.regions\.us-east-1\.clusters\[0\]\.brokers: Expected number/,
    );
    expect(
      issuesOf(
        minimal({ clusters: [{ name: 'x', type: 'standard', colour: 'red' }] }),
      )[0],
    ).toMatch(/clusters\[0\]: Unrecognized key\(s\) in object: 'colour'/);
    expect(
      issuesOf({
        name: 't',
        accounts: {
          '12345': { accessKeyId: 'AKIASANDBOX111111111', regions: {} },
        },
      })[0],
    ).toMatch(/^accounts\.12345: must be a 12-digit account id/);
    expect(issuesOf(minimal({}, { regions: { 'mars-1': {} } }))[0]).toMatch(
      /^accounts\.111111111111\.regions\.mars-1: /,
    );
  });

  it('checks what the schema alone cannot', () => {
    const issues = issuesOf({
      name: 't',
      accounts: {
        '111111111111': {
          accessKeyId: 'AKIASANDBOX111111111',
          regions: {
            'us-east-1': {
              clusters: [
                {
                  name: 'a',
                  type: 'standard',
                  arn: 'arn:aws:kafka:eu-west-1:111111111111:cluster/a/abc-1',
                  brokers: 2,
                  topics: [
                    { name: 'rf', replicationFactor: 3 },
                    { name: 'gen', count: 2 },
                    { name: 'bad name!', replicationFactor: 1 },
                  ],
                },
                { name: 'b', type: 'express', storageGiB: 100 },
                { name: 'c', type: 'serverless', brokers: 3 },
              ],
            },
          },
        },
        '222222222222': { accessKeyId: 'AKIASANDBOX111111111', regions: {} },
      },
    });
    expect(issues).toEqual([
      expect.stringMatching(/clusters\[0\]\.arn: names region eu-west-1/),
      expect.stringMatching(
        /clusters\[0\]\.topics\[0\]\.replicationFactor: 3 is more than the cluster's 2 brokers/,
      ),
      expect.stringMatching(
        /clusters\[0\]\.topics\[1\]\.name: with count, the name needs a run of #/,
      ),
      expect.stringMatching(
        /clusters\[0\]\.topics\[2\]\.name: 'bad name!' is not a Kafka topic name/,
      ),
      expect.stringMatching(
        /clusters\[1\]\.storageGiB: Express brokers have no storage settings/,
      ),
      expect.stringMatching(
        /clusters\[2\]\.brokers: does not apply to serverless clusters/,
      ),
      expect.stringMatching(
        /^accounts\.222222222222\.accessKeyId: AKIASANDBOX111111111 is already the key of account 111111111111/,
      ),
    ]);
  });

  it('validates metric generators and faults', () => {
    expect(
      issuesOf(
        minimal({
          metrics: [
            {
              namespace: 'N',
              name: 'm',
              value: {
                constant: 1,
                sine: { base: 1, amplitude: 1, periodMinutes: 5 },
              },
            },
            {
              namespace: 'N',
              name: 'm2',
              value: { ramp: { from: 0, to: 1, periodMinutes: 0 } },
            },
          ],
        }),
      ),
    ).toEqual([
      expect.stringMatching(
        /metrics\[0\]\.value: give exactly one of constant, sine or ramp \(got constant, sine\)/,
      ),
      expect.stringMatching(/metrics\[1\]\.value\.ramp\.periodMinutes: /),
    ]);
    expect(
      issuesOf(
        minimal(
          {},
          { faults: [{ operation: 'ListCluster', error: 'AccessDenied' }] },
        ),
      )[0],
    ).toMatch(
      /^accounts\.111111111111\.faults\[0\]\.operation: must be one of .*ListClustersV2/,
    );
    expect(
      issuesOf(minimal({}, { faults: [{ error: 'Explode' }] }))[0],
    ).toMatch(/faults\[0\]\.error: /);
    expect(
      issuesOf(
        minimal({
          metrics: [
            { namespace: 'N', name: 'm', dimensions: { A: [1, 2] }, value: 1 },
            { namespace: 'N', name: 'm', dimensions: { A: 2 }, value: 3 },
          ],
        }),
      ),
    ).toEqual([
      expect.stringMatching(
        /metrics\[1\]: series N\|m\|A=2 is already defined/,
      ),
    ]);
  });

  it('reports unreadable files and invalid YAML with the file name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-scenario-'));
    try {
      const file = join(dir, 'broken.yaml');
      writeFileSync(file, 'name: [unclosed');
      expect(() => loadScenario(file)).toThrow(
        /Invalid sandbox scenario .*broken\.yaml:\n {2}- not valid YAML/,
      );
      expect(() => loadScenario(join(dir, 'missing.yaml'))).toThrow(
        /missing\.yaml:\n {2}- cannot read the file/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start a sandbox on an invalid scenario', async () => {
    await expect(
      startSandbox({ scenario: { name: 'x' }, port: 0 }),
    ).rejects.toThrow(ScenarioError);
    await expect(startSandbox({ port: 0 })).rejects.toThrow(
      /needs a scenario or a scenarioPath/,
    );
  });
});

describe('metric value generators', () => {
  const spec = (generator: any, extra = {}) => ({
    generator,
    noise: 0,
    ...extra,
  });

  it('computes constants, sines and ramps from the minute', () => {
    expect(sampleAt(spec({ kind: 'constant', value: 4 }), 'k', 123)).toBe(4);
    const sine = spec({
      kind: 'sine',
      base: 10,
      amplitude: 2,
      periodMinutes: 60,
      phaseMinutes: 0,
    });
    expect(sampleAt(sine, 'k', 0)).toBeCloseTo(10);
    expect(sampleAt(sine, 'k', 15)).toBeCloseTo(12);
    expect(sampleAt(sine, 'k', 45)).toBeCloseTo(8);
    const ramp = spec({ kind: 'ramp', from: 100, to: 200, periodMinutes: 10 });
    expect([0, 5, 9, 10].map(m => sampleAt(ramp, 'k', m))).toEqual([
      100, 150, 190, 100,
    ]);
  });

  it('varies daily averages from day to day with dailyVariation, deterministically', () => {
    const sine = {
      kind: 'sine',
      base: 1000,
      amplitude: 400,
      periodMinutes: 1440,
      phaseMinutes: 0,
    };
    const dailyMean = (s: any, day: number) => {
      let sum = 0;
      for (let m = day * 1440; m < (day + 1) * 1440; m++)
        sum += sampleAt(s, 'bytes-in', m);
      return sum / 1440;
    };
    const days = Array.from({ length: 90 }, (_, i) => 20_000 + i);
    // Without it, a daily sine averages to its base every day.
    const flat = days.map(d => dailyMean(spec(sine), d));
    expect(Math.max(...flat) - Math.min(...flat)).toBeLessThan(1e-6);
    const varied = days.map(d =>
      dailyMean(spec(sine, { dailyVariation: 0.2 }), d),
    );
    expect(Math.min(...varied)).toBeGreaterThanOrEqual(800);
    expect(Math.max(...varied)).toBeLessThan(1200);
    // Spread over the range, not stuck near one value.
    expect(Math.max(...varied) - Math.min(...varied)).toBeGreaterThan(250);
    expect(new Set(varied.map(v => v.toFixed(3))).size).toBe(90);
    // Within a day, one factor: the sine's shape is kept.
    const withVariation = spec(sine, { dailyVariation: 0.2 });
    const m = 20_000 * 1440;
    expect(
      sampleAt(withVariation, 'bytes-in', m + 360) - 1000 * (varied[0] / 1000),
    ).toBeCloseTo(400 * (varied[0] / 1000), 6);
  });

  it('adds deterministic noise seeded by the series key, within bounds and clamps', () => {
    const noisy = spec({ kind: 'constant', value: 50 }, { noise: 5 });
    const a = Array.from({ length: 500 }, (_, m) =>
      sampleAt(noisy, 'series-a', m),
    );
    expect(a).toEqual(
      Array.from({ length: 500 }, (_, m) => sampleAt(noisy, 'series-a', m)),
    );
    expect(Math.min(...a)).toBeGreaterThanOrEqual(45);
    expect(Math.max(...a)).toBeLessThan(55);
    expect(Math.max(...a) - Math.min(...a)).toBeGreaterThan(8);
    expect(sampleAt(noisy, 'series-b', 7)).not.toBe(
      sampleAt(noisy, 'series-a', 7),
    );
    const clamped = spec(
      { kind: 'constant', value: 1 },
      { noise: 5, min: 0, max: 2 },
    );
    for (let m = 0; m < 100; m++) {
      expect(sampleAt(clamped, 'c', m)).toBeGreaterThanOrEqual(0);
      expect(sampleAt(clamped, 'c', m)).toBeLessThanOrEqual(2);
    }
    expect(noiseAt(1, 2)).toBe(noiseAt(1, 2));
  });
});
