import {
  ListMetricsCommand,
  paginateListMetrics,
} from '@aws-sdk/client-cloudwatch';
import {
  paginateListClustersV2,
  paginateListTopics,
} from '@aws-sdk/client-kafka';
import { paginateListApplications } from '@aws-sdk/client-kinesis-analytics-v2';
import { Sandbox, startSandbox } from '../server';
import {
  cloudWatchClient,
  flinkClient,
  kafkaClient,
  NOW,
} from '../__testUtils__/sandbox';
import { accessKeyIdOf, GeneratorOptions, planEstate } from './plan';
import { generateScenario } from './writeScenario';

const OPTIONS: GeneratorOptions = {
  accounts: 2,
  regions: 1,
  clusters: 8,
  topics: 600,
  applications: 12,
  groups: 5,
  seed: 3,
};

describe('a generated scenario served to the real SDK clients', () => {
  let sandbox: Sandbox;
  const plan = planEstate(OPTIONS);
  const accountId = plan.accounts[1];
  const credentials = {
    accessKeyId: accessKeyIdOf(accountId),
    secretAccessKey: `generated-secret-${accountId}`,
  };
  beforeAll(async () => {
    sandbox = await startSandbox({
      scenario: generateScenario(OPTIONS),
      port: 0,
      clock: () => NOW,
    });
  });
  afterAll(() => sandbox.close());

  it('lists each account its own clusters, every topic page by page, and its applications', async () => {
    const kafka = kafkaClient(sandbox, { credentials });
    const arns: string[] = [];
    for await (const page of paginateListClustersV2({ client: kafka }, {})) {
      for (const c of page.ClusterInfoList ?? []) arns.push(c.ClusterArn!);
    }
    const planned = plan.clusters.filter(c => c.accountId === accountId);
    expect(arns.sort()).toEqual(planned.map(c => c.arn).sort());

    const provisioned = planned.find(
      c => c.type !== 'serverless' && c.topicCount > 0,
    )!;
    const names: string[] = [];
    for await (const page of paginateListTopics(
      { client: kafka, pageSize: 50 },
      { ClusterArn: provisioned.arn },
    )) {
      for (const t of page.Topics ?? []) names.push(t.TopicName!);
    }
    expect(names).toHaveLength(provisioned.topicCount);

    const flink = flinkClient(sandbox, { credentials });
    const apps: string[] = [];
    for await (const page of paginateListApplications({ client: flink }, {})) {
      for (const a of page.ApplicationSummaries ?? [])
        apps.push(a.ApplicationName!);
    }
    expect(apps.sort()).toEqual(
      plan.applications
        .filter(a => a.accountId === accountId)
        .map(a => a.name)
        .sort(),
    );
  });

  it('answers CloudWatch with the per-topic series of a cluster', async () => {
    const cluster = plan.clusters.find(
      c => c.accountId === accountId && c.topicCount > 0,
    )!;
    const cloudWatch = cloudWatchClient(sandbox, { credentials });
    const topics = new Set<string>();
    for await (const page of paginateListMetrics(
      { client: cloudWatch },
      {
        Namespace: 'AWS/Kafka',
        MetricName: 'BytesInPerSec',
        Dimensions: [{ Name: 'Cluster Name', Value: cluster.name }],
      },
    )) {
      for (const m of page.Metrics ?? []) {
        const topic = m.Dimensions?.find(d => d.Name === 'Topic')?.Value;
        if (topic) topics.add(topic);
      }
    }
    expect(topics.size).toBe(cluster.topicCount);
    // Another account's key sees none of them.
    const other = cloudWatchClient(sandbox, {
      credentials: {
        accessKeyId: accessKeyIdOf(plan.accounts[0]),
        secretAccessKey: 'x',
      },
    });
    const { Metrics } = await other.send(
      new ListMetricsCommand({
        Namespace: 'AWS/Kafka',
        Dimensions: [{ Name: 'Cluster Name', Value: cluster.name }],
      }),
    );
    expect(Metrics ?? []).toHaveLength(0);
  });
});
