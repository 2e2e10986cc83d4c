import {
  BadRequestException,
  DescribeClusterV2Command,
  DescribeTopicCommand,
  ListClustersV2Command,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  NotFoundException,
  paginateListClustersV2,
  paginateListNodes,
  paginateListTopics,
} from '@aws-sdk/client-kafka';
import type { Sandbox } from './server';
import {
  ACCOUNT_2,
  CLICKSTREAM_ARN,
  failure,
  kafkaClient,
  ORDERS_ARN,
  SERVERLESS_ARN,
  startDemoSandbox,
} from './__testUtils__/sandbox';

describe('MSK (restJson1) against the real KafkaClient', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startDemoSandbox();
  });
  afterAll(() => sandbox.close());

  it('lists the caller account and region clusters with full ClusterInfo', async () => {
    const kafka = kafkaClient(sandbox);
    const { ClusterInfoList, NextToken } = await kafka.send(
      new ListClustersV2Command({}),
    );
    expect(NextToken).toBeUndefined();
    expect(ClusterInfoList).toHaveLength(1);
    const orders = ClusterInfoList![0];
    expect(orders).toMatchObject({
      ClusterArn: ORDERS_ARN,
      ClusterName: 'orders-standard',
      ClusterType: 'PROVISIONED',
      State: 'ACTIVE',
      Tags: { owner: 'team-orders', env: 'prod' },
      Provisioned: {
        NumberOfBrokerNodes: 3,
        CurrentBrokerSoftwareInfo: { KafkaVersion: '3.6.0' },
        BrokerNodeGroupInfo: {
          InstanceType: 'kafka.m7g.large',
          StorageInfo: { EbsStorageInfo: { VolumeSize: 1000 } },
          ZoneIds: ['use1-az1', 'use1-az2', 'use1-az3'],
        },
        EncryptionInfo: {
          EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true },
        },
        ClientAuthentication: {
          Sasl: { Iam: { Enabled: true }, Scram: { Enabled: false } },
          Unauthenticated: { Enabled: false },
        },
        EnhancedMonitoring: 'PER_TOPIC_PER_BROKER',
        StorageMode: 'LOCAL',
      },
    });
    expect(orders.CreationTime).toEqual(new Date('2025-09-15T08:30:00Z'));
    expect(orders.CurrentVersion).toMatch(/^[A-Z0-9]{14}$/);
    expect(orders.Provisioned!.BrokerNodeGroupInfo!.ClientSubnets).toHaveLength(
      3,
    );
    expect(
      orders.Provisioned!.EncryptionInfo!.EncryptionAtRest!.DataVolumeKMSKeyId,
    ).toMatch(/^arn:aws:kms:us-east-1:111111111111:key\//);
  });

  it('describes a cluster exactly as it lists it', async () => {
    const kafka = kafkaClient(sandbox);
    const { ClusterInfoList } = await kafka.send(new ListClustersV2Command({}));
    const { ClusterInfo } = await kafka.send(
      new DescribeClusterV2Command({ ClusterArn: ORDERS_ARN }),
    );
    expect(ClusterInfo).toEqual(ClusterInfoList![0]);
  });

  it('describes Express and Serverless clusters with their own shapes', async () => {
    const express = await kafkaClient(sandbox, { credentials: ACCOUNT_2 }).send(
      new DescribeClusterV2Command({ ClusterArn: CLICKSTREAM_ARN }),
    );
    const provisioned = express.ClusterInfo!.Provisioned!;
    expect(provisioned.BrokerNodeGroupInfo!.InstanceType).toBe(
      'express.m7g.large',
    );
    expect(provisioned.BrokerNodeGroupInfo!.StorageInfo).toBeUndefined();
    expect(provisioned.Rebalancing).toEqual({ Status: 'ACTIVE' });
    expect(provisioned.ZookeeperConnectString).toBeUndefined();

    const serverless = await kafkaClient(sandbox, { region: 'eu-west-1' }).send(
      new DescribeClusterV2Command({ ClusterArn: SERVERLESS_ARN }),
    );
    expect(serverless.ClusterInfo).toMatchObject({
      ClusterType: 'SERVERLESS',
      ClusterName: 'events-serverless',
      Tags: { owner: 'team-platform' },
      Serverless: {
        ClientAuthentication: { Sasl: { Iam: { Enabled: true } } },
      },
    });
    expect(serverless.ClusterInfo!.Provisioned).toBeUndefined();
    expect(
      serverless.ClusterInfo!.Serverless!.VpcConfigs![0].SubnetIds,
    ).toHaveLength(3);
  });

  it('filters clusters by name prefix and type, and rejects an unknown type', async () => {
    const kafka = kafkaClient(sandbox, { region: 'eu-west-1' });
    const serverless = await kafka.send(
      new ListClustersV2Command({ ClusterTypeFilter: 'SERVERLESS' }),
    );
    expect(serverless.ClusterInfoList!.map(c => c.ClusterName)).toEqual([
      'events-serverless',
    ]);
    const none = await kafka.send(
      new ListClustersV2Command({ ClusterTypeFilter: 'PROVISIONED' }),
    );
    expect(none.ClusterInfoList).toEqual([]);
    const byName = await kafka.send(
      new ListClustersV2Command({ ClusterNameFilter: 'orders' }),
    );
    expect(byName.ClusterInfoList).toEqual([]);
    const error = await failure(
      kafka.send(new ListClustersV2Command({ ClusterTypeFilter: 'BIG' })),
    );
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.InvalidParameter).toBe('clusterTypeFilter');
  });

  it('sees only the calling account: account 2 does not see account 1 clusters', async () => {
    const kafka = kafkaClient(sandbox, { credentials: ACCOUNT_2 });
    const clusters = [];
    for await (const page of paginateListClustersV2(
      { client: kafka, pageSize: 1 },
      {},
    )) {
      clusters.push(...page.ClusterInfoList!);
    }
    expect(clusters.map(c => c.ClusterName)).toEqual(['clickstream-express']);
    const error = await failure(
      kafka.send(new DescribeClusterV2Command({ ClusterArn: ORDERS_ARN })),
    );
    expect(error).toBeInstanceOf(NotFoundException);
  });

  it('answers an unknown cluster ARN with a typed NotFoundException', async () => {
    const error = await failure(
      kafkaClient(sandbox).send(
        new DescribeClusterV2Command({
          ClusterArn:
            'arn:aws:kafka:us-east-1:111111111111:cluster/missing/0000-1',
        }),
      ),
    );
    expect(error).toBeInstanceOf(NotFoundException);
    expect(error.name).toBe('NotFoundException');
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(error.InvalidParameter).toBe('clusterArn');
    expect(error.message).toContain('missing');
  });

  it('answers a malformed ARN with BadRequestException', async () => {
    const error = await failure(
      kafkaClient(sandbox).send(
        new DescribeClusterV2Command({ ClusterArn: 'orders-standard' }),
      ),
    );
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('pages ListTopics with small MaxResults, returning every topic once', async () => {
    const kafka = kafkaClient(sandbox);
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListTopics(
      { client: kafka, pageSize: 4 },
      { ClusterArn: ORDERS_ARN },
    )) {
      pages++;
      expect(page.Topics!.length).toBeLessThanOrEqual(4);
      names.push(...page.Topics!.map(t => t.TopicName!));
    }
    expect(pages).toBe(9);
    expect(names).toHaveLength(34);
    expect(new Set(names).size).toBe(34);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(
      expect.arrayContaining([
        'orders.created',
        'orders.shipped',
        'orders.dlq',
        'payments.settled',
        'audit.events.000',
        'audit.events.029',
      ]),
    );
  });

  it('pages ListTopics by default, since AWS returns a default-sized page', async () => {
    const first = await kafkaClient(sandbox).send(
      new ListTopicsCommand({ ClusterArn: ORDERS_ARN }),
    );
    expect(first.Topics).toHaveLength(10);
    expect(first.NextToken).toEqual(expect.any(String));
  });

  it('returns topic details in the list and in DescribeTopic', async () => {
    const kafka = kafkaClient(sandbox);
    const { Topics } = await kafka.send(
      new ListTopicsCommand({
        ClusterArn: ORDERS_ARN,
        TopicNameFilter: 'payments',
      }),
    );
    expect(Topics).toEqual([
      {
        TopicArn:
          'arn:aws:kafka:us-east-1:111111111111:topic/orders-standard/7d1a9c2e-3b4f-4e5a-8c6d-1f2e3a4b5c6d-1/payments.settled',
        TopicName: 'payments.settled',
        PartitionCount: 6,
        ReplicationFactor: 2,
        OutOfSyncReplicaCount: 0,
      },
    ]);
    const topic = await kafka.send(
      new DescribeTopicCommand({
        ClusterArn: ORDERS_ARN,
        TopicName: 'orders.created',
      }),
    );
    expect(topic).toMatchObject({
      TopicName: 'orders.created',
      PartitionCount: 12,
      ReplicationFactor: 3,
      Status: 'ACTIVE',
    });
    expect(
      JSON.parse(Buffer.from(topic.Configs!, 'base64').toString('utf8')),
    ).toEqual({
      'retention.ms': '604800000',
      'min.insync.replicas': '2',
      'cleanup.policy': 'delete',
    });
    const missing = await failure(
      kafka.send(
        new DescribeTopicCommand({ ClusterArn: ORDERS_ARN, TopicName: 'nope' }),
      ),
    );
    expect(missing).toBeInstanceOf(NotFoundException);
  });

  it('refuses topic APIs on a serverless cluster as AWS does', async () => {
    const error = await failure(
      kafkaClient(sandbox, { region: 'eu-west-1' }).send(
        new ListTopicsCommand({ ClusterArn: SERVERLESS_ARN }),
      ),
    );
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toMatch(/only supported for provisioned clusters/);
  });

  it('rejects an invalid or foreign next token and an out-of-range MaxResults', async () => {
    const kafka = kafkaClient(sandbox);
    const bad = await failure(
      kafka.send(
        new ListTopicsCommand({
          ClusterArn: ORDERS_ARN,
          NextToken: 'not-a-token',
        }),
      ),
    );
    expect(bad).toBeInstanceOf(BadRequestException);
    expect(bad.InvalidParameter).toBe('nextToken');

    // A token from one list is not valid for another.
    const { NextToken } = await kafka.send(
      new ListTopicsCommand({ ClusterArn: ORDERS_ARN }),
    );
    const foreign = await failure(
      kafka.send(
        new ListTopicsCommand({
          ClusterArn: ORDERS_ARN,
          TopicNameFilter: 'audit',
          NextToken,
        }),
      ),
    );
    expect(foreign).toBeInstanceOf(BadRequestException);

    const tooMany = await failure(
      kafka.send(
        new ListTopicsCommand({ ClusterArn: ORDERS_ARN, MaxResults: 101 }),
      ),
    );
    expect(tooMany).toBeInstanceOf(BadRequestException);
    expect(tooMany.InvalidParameter).toBe('maxResults');
  });

  it('lists broker nodes with endpoints', async () => {
    const nodes = [];
    for await (const page of paginateListNodes(
      { client: kafkaClient(sandbox), pageSize: 2 },
      { ClusterArn: ORDERS_ARN },
    )) {
      nodes.push(...page.NodeInfoList!);
    }
    expect(nodes.map(n => n.BrokerNodeInfo!.BrokerId)).toEqual([1, 2, 3]);
    expect(nodes[0]).toMatchObject({
      InstanceType: 'kafka.m7g.large',
      NodeType: 'BROKER',
    });
    expect(nodes[0].BrokerNodeInfo!.Endpoints![0]).toMatch(
      /^b-1\.ordersstandard\.[a-z0-9]+\.c\d\.kafka\.us-east-1\.amazonaws\.com$/,
    );
  });

  it('lists tags of a cluster ARN', async () => {
    const { Tags } = await kafkaClient(sandbox).send(
      new ListTagsForResourceCommand({ ResourceArn: ORDERS_ARN }),
    );
    expect(Tags).toEqual({ owner: 'team-orders', env: 'prod' });
  });
});
