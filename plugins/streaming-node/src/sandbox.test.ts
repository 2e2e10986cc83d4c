import { DescribeScalableTargetsCommand } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigReader } from '@backstage/config';
import { Sandbox, startSandbox } from '@backstage-streaming/aws-sandbox';
import { resolve } from 'node:path';
import { DefaultStreamingAwsService, PreviousInventory } from './inventory';
import { topicFingerprint } from './topicDescribes';
import { AwsReadError } from './readers/errors';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { AwsCallCounter, AwsClientFactory } from './clients';
import { readStreamingAwsConfig } from './config';
import { readConsumerGroups } from './readers/consumerGroups';
import { SeriesBudget } from './seriesBudget';
import { readServerlessTopics } from './readers/serverlessTopics';

// The readers against the local sandbox, which speaks the real wire protocols:
// paging, account isolation and AWS-shaped errors included.
const DEMO = resolve(__dirname, '../../../examples/sandbox/demo.yaml');
const ORDERS_ARN =
  'arn:aws:kafka:us-east-1:111111111111:cluster/orders-standard/7d1a9c2e-3b4f-4e5a-8c6d-1f2e3a4b5c6d-1';
const ENRICHER_ARN =
  'arn:aws:kinesisanalytics:us-east-1:111111111111:application/orders-enricher';

function serviceFor(
  sandbox: Sandbox,
  accounts: Array<{ id: string; key: string; secret: string }>,
  extra = {},
) {
  return DefaultStreamingAwsService.fromConfig(
    new ConfigReader({
      aws: {
        accounts: accounts.map(a => ({
          accountId: a.id,
          accessKeyId: a.key,
          secretAccessKey: a.secret,
        })),
      },
      streaming: {
        aws: {
          endpoint: sandbox.url,
          accounts: accounts.map(a => ({
            accountId: a.id,
            regions: ['us-east-1'],
          })),
          maxAttempts: 1,
          requestTimeoutMs: 2000,
          ...extra,
        },
      },
    }),
  );
}

describe('streaming-node against the demo sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ scenarioPath: DEMO, port: 0 });
  });
  afterAll(() => sandbox.close());

  const account1 = {
    id: '111111111111',
    key: 'AKIASANDBOX111111111',
    secret: 'sandbox-secret-111',
  };

  it('reads every page of topics and the full details of the estate', async () => {
    const snapshot = await serviceFor(sandbox, [account1]).readAccountRegion(
      '111111111111',
      'us-east-1',
    );

    const orders = snapshot.clusters.find(c => c.arn === ORDERS_ARN)!;
    expect(orders).toMatchObject({
      clusterType: 'standard',
      kafkaVersion: '3.6.0',
      brokerCount: 3,
    });
    expect(orders.brokers?.map(b => b.brokerId)).toEqual([1, 2, 3]);
    expect(orders.details?.enhancedMonitoring).toBe('PER_TOPIC_PER_BROKER');

    const topics = snapshot.topics.filter(t => t.clusterArn === ORDERS_ARN);
    expect(topics).toHaveLength(34);
    expect(new Set(topics.map(t => t.arn)).size).toBe(34);
    expect(
      topics.find(t => t.name === 'orders.created')?.configs,
    ).toMatchObject({
      'retention.ms': '604800000',
      'min.insync.replicas': '2',
    });
    // 34 topics in one page of 100 (the reader asks for the largest page); one describe per topic.
    expect(snapshot.calls.ListTopics).toBe(1);
    expect(snapshot.calls.DescribeTopic).toBe(34);

    const cpu = await serviceFor(sandbox, [account1]).readMetricSeries(
      '111111111111',
      'us-east-1',
      [1, 2, 3].map(broker => ({
        key: `b${broker}`,
        namespace: 'AWS/Kafka',
        metricName: 'CpuUser',
        dimensions: {
          'Cluster Name': 'orders-standard',
          'Broker ID': String(broker),
        },
        stat: 'Average',
        periodSeconds: 300,
      })),
      { start: new Date(Date.now() - 3_600_000), end: new Date() },
    );
    expect(cpu.get('b1')!.length).toBeGreaterThanOrEqual(11);
    for (const points of cpu.values()) {
      for (const point of points) expect(point.value).toBeLessThan(50);
    }

    const enricher = snapshot.applications.find(a => a.arn === ENRICHER_ARN)!;
    expect(enricher).toMatchObject({
      status: 'RUNNING',
      runtimeEnvironment: 'FLINK-1_20',
      versionId: 7,
    });
    expect(enricher.tags).toMatchObject({ owner: 'team-orders' });
    expect(enricher.details?.parallelism.parallelism).toEqual(
      expect.any(Number),
    );
    expect(enricher.operations).not.toBeNull();
    expect(snapshot.problems).toEqual([]);
  });

  it('makes listing calls only when the estate has not changed, describing only autoscaling applications', async () => {
    const service = serviceFor(sandbox, [account1]);
    const first = await service.readAccountRegion('111111111111', 'us-east-1');
    const previous: PreviousInventory = {
      clusters: new Map(
        first.clusters.map(c => [
          c.arn,
          { currentVersion: c.currentVersion, details: c.details },
        ]),
      ),
      topics: new Map(
        first.topics.map(t => [
          t.arn,
          { fingerprint: topicFingerprint(t), configs: t.configs },
        ]),
      ),
      applications: new Map(
        first.applications.map(a => [
          a.arn,
          {
            versionId: a.versionId,
            details: a.details,
            status: a.status,
            operations: a.operations,
          },
        ]),
      ),
    };

    const second = await service.readAccountRegion(
      '111111111111',
      'us-east-1',
      previous,
    );
    // Operations are listed only for applications whose listing changed: none here.
    expect(second.calls.ListApplicationOperations).toBeUndefined();
    expect(second.applications.map(a => a.operations)).toEqual(
      first.applications.map(a => a.operations),
    );

    // An application whose version id moved gets its operations listed again.
    const changed = first.applications.find(a => a.operations?.length)!;
    expect(changed).toBeDefined();
    const third = await service.readAccountRegion('111111111111', 'us-east-1', {
      ...previous,
      applications: new Map([
        ...previous.applications,
        [
          changed.arn,
          {
            ...previous.applications.get(changed.arn)!,
            versionId: (changed.versionId ?? 0) - 1,
            operations: [],
          },
        ],
      ]),
    });
    expect(third.calls.ListApplicationOperations).toBe(1);
    expect(
      third.applications.find(a => a.arn === changed.arn)?.operations,
    ).toEqual(changed.operations);

    // Autoscaling changes CurrentParallelism without a documented version change.
    const autoscaling = first.applications.filter(
      a =>
        a.details?.parallelism.autoScalingEnabled || a.status === 'AUTOSCALING',
    );
    expect(autoscaling.length).toBeGreaterThan(0);
    expect(
      Object.entries(second.calls).filter(([op]) => op.startsWith('Describe')),
    ).toEqual([['DescribeApplication', autoscaling.length]]);
    expect(second.topics).toHaveLength(first.topics.length);
    expect(second.applications[0].details).toEqual(
      first.applications[0].details,
    );
  });

  it('reads 2,000 series in the minimum of four GetMetricData calls', async () => {
    const counter = new AwsCallCounter();
    const queries = Array.from({ length: 2000 }, (_, i) => ({
      key: `q${i}`,
      namespace: 'AWS/Kafka',
      metricName: 'CpuUser',
      dimensions: {
        'Cluster Name': 'orders-standard',
        'Broker ID': String((i % 3) + 1),
      },
      stat: i % 2 ? 'Average' : 'Maximum',
      periodSeconds: 60,
    }));
    const end = new Date();
    const series = await serviceFor(sandbox, [account1]).readMetricSeries(
      '111111111111',
      'us-east-1',
      queries,
      { start: new Date(end.getTime() - 10 * 60_000), end },
      counter,
    );
    expect(counter.toJSON()).toEqual({ GetMetricData: 4 });
    expect(series.size).toBe(2000);
    expect(series.get('q1999')!.length).toBeGreaterThanOrEqual(9);
  });

  it('keeps one set of clients per account and region, counting each operation on its own counter', async () => {
    const rootConfig = new ConfigReader({
      aws: {
        accounts: [
          {
            accountId: account1.id,
            accessKeyId: account1.key,
            secretAccessKey: account1.secret,
          },
        ],
      },
      streaming: {
        aws: {
          endpoint: sandbox.url,
          accounts: [{ accountId: account1.id, regions: ['us-east-1'] }],
          maxAttempts: 1,
          requestTimeoutMs: 2000,
        },
      },
    });
    const credentialsManager =
      DefaultAwsCredentialsManager.fromConfig(rootConfig);
    const credentialLookups = jest.spyOn(
      credentialsManager,
      'getCredentialProvider',
    );
    const config = readStreamingAwsConfig(rootConfig);
    const factory = new AwsClientFactory(credentialsManager, config);
    const service = new DefaultStreamingAwsService(config, factory);
    const chartCalls = new AwsCallCounter();

    // Two refreshes and a chart read at once, on the same clients.
    const [first, second] = await Promise.all([
      service.readAccountRegion(account1.id, 'us-east-1'),
      service.readAccountRegion(account1.id, 'us-east-1'),
      service.readMetricSeries(
        account1.id,
        'us-east-1',
        [
          {
            key: 'b1',
            namespace: 'AWS/Kafka',
            metricName: 'CpuUser',
            dimensions: { 'Cluster Name': 'orders-standard', 'Broker ID': '1' },
            stat: 'Average',
            periodSeconds: 300,
          },
        ],
        { start: new Date(Date.now() - 3_600_000), end: new Date() },
        chartCalls,
      ),
    ]);

    expect(first.calls).toEqual(second.calls);
    expect(first.calls).toMatchObject({
      ListClustersV2: 1,
      ListTopics: expect.any(Number),
      DescribeTopic: expect.any(Number),
    });
    expect(first.calls.GetMetricData).toBeUndefined();
    expect(chartCalls.toJSON()).toEqual({ GetMetricData: 1 });
    const clients = await factory.create(account1.id, 'us-east-1');
    expect(await factory.create(account1.id, 'us-east-1')).toBe(clients);
    expect(credentialLookups).toHaveBeenCalledTimes(1);
    expect(await factory.create(account1.id, 'eu-west-1')).not.toBe(clients);
    // Two refreshes share the account's paced request rate: twice the time of one.
  }, 30_000);

  it("builds the scaffolder's factory from config, its Auto Scaling and Logs clients reused and counted like the others", async () => {
    const factory = AwsClientFactory.fromConfig(
      new ConfigReader({
        aws: {
          accounts: [
            {
              accountId: account1.id,
              accessKeyId: account1.key,
              secretAccessKey: account1.secret,
            },
          ],
        },
        streaming: {
          aws: {
            endpoint: sandbox.url,
            accounts: [{ accountId: account1.id, regions: ['us-east-1'] }],
            maxAttempts: 1,
            requestTimeoutMs: 2000,
          },
        },
      }),
    );
    const clients = await factory.create(account1.id, 'us-east-1');
    expect(await factory.create(account1.id, 'us-east-1')).toBe(clients);
    const counter = new AwsCallCounter();
    await counter.run(async () => {
      await clients.logs.send(new DescribeLogGroupsCommand({}));
      await clients.applicationAutoScaling.send(
        new DescribeScalableTargetsCommand({ ServiceNamespace: 'kafka' }),
      );
    });
    expect(counter.toJSON()).toEqual({
      DescribeLogGroups: 1,
      DescribeScalableTargets: 1,
    });
  });

  it('draws consumer-group lag series from the refresh budget', async () => {
    const cloudwatch = new CloudWatchClient({
      region: 'us-east-1',
      endpoint: sandbox.url,
      credentials: {
        accessKeyId: account1.key,
        secretAccessKey: account1.secret,
      },
    });
    const roomy = new SeriesBudget(10_000);
    const groups = await readConsumerGroups(cloudwatch, ['orders-standard'], {
      budget: roomy,
    });
    const pairs = groups.reduce((sum, g) => sum + g.topics.length, 0);
    expect(pairs).toBeGreaterThan(0);
    expect(roomy.requested).toBe(pairs * 3);

    const empty = new SeriesBudget(0);
    const unread = await readConsumerGroups(cloudwatch, ['orders-standard'], {
      budget: empty,
    });
    expect(unread.map(g => g.groupName)).toEqual(groups.map(g => g.groupName));
    expect(unread.flatMap(g => g.topics.map(t => t.sumOffsetLag))).toEqual(
      Array(pairs).fill(null),
    );
    expect(empty.skipped).toBe(pairs * 3);
  });

  it('discovers consumer groups from their lag metrics', async () => {
    const cloudwatch = new CloudWatchClient({
      region: 'us-east-1',
      endpoint: sandbox.url,
      credentials: {
        accessKeyId: account1.key,
        secretAccessKey: account1.secret,
      },
    });
    const groups = await readConsumerGroups(cloudwatch, ['orders-standard']);
    const fulfilment = groups.find(g => g.groupName === 'orders-fulfilment');
    expect(fulfilment?.topics.map(t => t.topic)).toEqual(['orders.created']);
    expect(fulfilment?.topics[0].sumOffsetLag).toEqual(expect.any(Number));
  });

  it("discovers the Serverless cluster's topics from their throughput series, and only its own", async () => {
    const cloudwatch = new CloudWatchClient({
      region: 'eu-west-1',
      endpoint: sandbox.url,
      credentials: {
        accessKeyId: account1.key,
        secretAccessKey: account1.secret,
      },
    });
    expect(
      await readServerlessTopics(cloudwatch, ['events-serverless', 'nothing']),
    ).toEqual([
      {
        clusterName: 'events-serverless',
        topics: ['notifications.email', 'platform.audit', 'platform.events'],
      },
      { clusterName: 'nothing', topics: [] },
    ]);
  });
});

describe('streaming-node failures against the sandbox', () => {
  const cluster = (name: string) => ({
    name,
    type: 'standard',
    kafkaVersion: '3.6.0',
    brokers: 3,
  });
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      timeoutMs: 5000,
      scenario: {
        name: 'faults',
        accounts: {
          '111111111111': {
            accessKeyId: 'AKIAOKAY000000000001',
            secretAccessKey: 's1',
            regions: { 'us-east-1': { clusters: [cluster('ok')] } },
          },
          '222222222222': {
            accessKeyId: 'AKIADENIED0000000002',
            secretAccessKey: 's2',
            regions: { 'us-east-1': { clusters: [cluster('denied')] } },
            faults: [{ error: 'AccessDenied', operation: 'ListClustersV2' }],
          },
          '333333333333': {
            accessKeyId: 'AKIATHROTTLE0000003',
            secretAccessKey: 's3',
            regions: { 'us-east-1': { clusters: [cluster('throttled')] } },
            faults: [{ error: 'Throttling', service: 'kinesisanalytics' }],
          },
          '444444444444': {
            accessKeyId: 'AKIATIMEOUT00000004',
            secretAccessKey: 's4',
            regions: { 'us-east-1': { clusters: [cluster('slow')] } },
            faults: [
              { error: 'Timeout', operation: 'ListClustersV2', delayMs: 3000 },
            ],
          },
        },
      },
    });
  });
  afterAll(() => sandbox.close());

  const accounts = [
    { id: '111111111111', key: 'AKIAOKAY000000000001', secret: 's1' },
    { id: '222222222222', key: 'AKIADENIED0000000002', secret: 's2' },
    { id: '333333333333', key: 'AKIATHROTTLE0000003', secret: 's3' },
    { id: '444444444444', key: 'AKIATIMEOUT00000004', secret: 's4' },
  ];

  it('reads a healthy account while others fail, each failure named', async () => {
    const service = serviceFor(sandbox, accounts, { requestTimeoutMs: 500 });
    const results = await Promise.all(
      accounts.map(a =>
        service.readAccountRegion(a.id, 'us-east-1').catch(e => e),
      ),
    );

    expect(results[0].clusters.map((c: any) => c.name)).toEqual(['ok']);
    expect(results[1]).toBeInstanceOf(AwsReadError);
    expect(results[1].detail).toMatchObject({
      operation: 'ListClustersV2',
      code: 'AccessDeniedException',
      iamAction: 'kafka:ListClustersV2',
    });
    expect(results[2]).toBeInstanceOf(AwsReadError);
    expect(results[2].detail).toMatchObject({
      operation: 'ListApplications',
      code: 'ThrottlingException',
    });
    expect(results[2].calls).toMatchObject({ ListApplications: 1 });
    expect(results[3]).toBeInstanceOf(AwsReadError);
    expect(results[3].detail.operation).toBe('ListClustersV2');
    expect(results[3].detail.code).toMatch(/Timeout/i);
  });
});
