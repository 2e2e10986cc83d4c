import { CallContext, optionalInteger } from './context';
import { AwsError, paginate } from './protocol';
import {
  createClusterV2,
  createConfiguration,
  createTopic,
  listConfigurations,
  settleCreatedClusters,
} from './kafkaCreate';
import type { Cluster, Topic } from './scenario';

/** An MSK REST route: the operation and its decoded path labels. */
export interface KafkaRoute {
  operation: string;
  clusterArn?: string;
  topicName?: string;
  resourceArn?: string;
}

// Page sizes are small so that the demo estate exercises paging in every client.
const DEFAULT_PAGE = {
  ListClustersV2: 10,
  ListNodes: 10,
  ListTopics: 10,
} as const;
const MAX_PAGE = 100;

export const badRequest = (message: string, invalidParameter?: string) =>
  new AwsError(400, 'BadRequestException', message, {
    fields: invalidParameter ? { invalidParameter } : {},
  });

/** Maps an MSK REST request to its operation; undefined when no route matches. */
export function routeKafka(
  method: string,
  path: string,
): KafkaRoute | undefined {
  let segments: string[];
  try {
    // The SDK percent-encodes ARNs in path labels, slashes included.
    segments = path.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const [a, b, c, d, e] = segments;
  if (method === 'POST') {
    if (a === 'api' && b === 'v2' && c === 'clusters' && segments.length === 3)
      return { operation: 'CreateClusterV2' };
    if (a === 'v1' && b === 'configurations' && segments.length === 2)
      return { operation: 'CreateConfiguration' };
    if (
      a === 'v1' &&
      b === 'clusters' &&
      c &&
      d === 'topics' &&
      segments.length === 4
    )
      return { operation: 'CreateTopic', clusterArn: c };
    return undefined;
  }
  if (method !== 'GET') return undefined;
  if (a === 'v1' && b === 'configurations' && segments.length === 2)
    return { operation: 'ListConfigurations' };
  if (
    a === 'v1' &&
    b === 'clusters' &&
    c &&
    d === 'bootstrap-brokers' &&
    segments.length === 4
  )
    return { operation: 'GetBootstrapBrokers', clusterArn: c };
  if (a === 'api' && b === 'v2' && c === 'clusters') {
    if (segments.length === 3) return { operation: 'ListClustersV2' };
    if (segments.length === 4 && d)
      return { operation: 'DescribeClusterV2', clusterArn: d };
  }
  if (a === 'v1' && b === 'clusters' && c) {
    if (segments.length === 4 && d === 'nodes')
      return { operation: 'ListNodes', clusterArn: c };
    if (segments.length === 4 && d === 'topics')
      return { operation: 'ListTopics', clusterArn: c };
    if (segments.length === 5 && d === 'topics' && e) {
      return { operation: 'DescribeTopic', clusterArn: c, topicName: e };
    }
  }
  if (a === 'v1' && b === 'tags' && c && segments.length === 3) {
    return { operation: 'ListTagsForResource', resourceArn: c };
  }
  return undefined;
}

export function handleKafka(
  ctx: CallContext,
  route: KafkaRoute,
  query: URLSearchParams,
  body: Record<string, unknown> = {},
): unknown {
  settleCreatedClusters(ctx);
  switch (route.operation) {
    case 'CreateClusterV2':
      return createClusterV2(ctx, body);
    case 'CreateConfiguration':
      return createConfiguration(ctx, body);
    case 'ListConfigurations':
      return listConfigurations(ctx);
    case 'GetBootstrapBrokers':
      return bootstrapBrokers(ctx, findCluster(ctx, route.clusterArn!));
    case 'CreateTopic':
      return createTopic(findCluster(ctx, route.clusterArn!), body);
    case 'ListClustersV2':
      return listClusters(ctx, query);
    case 'DescribeClusterV2':
      return {
        clusterInfo: clusterInfo(ctx, findCluster(ctx, route.clusterArn!)),
      };
    case 'ListNodes':
      return listNodes(ctx, findCluster(ctx, route.clusterArn!), query);
    case 'ListTopics':
      return listTopics(findCluster(ctx, route.clusterArn!), query);
    case 'DescribeTopic':
      return describeTopic(
        findCluster(ctx, route.clusterArn!),
        route.topicName!,
      );
    case 'ListTagsForResource':
      return { tags: findCluster(ctx, route.resourceArn!, 'resourceArn').tags };
    default:
      throw badRequest(`Unsupported operation ${route.operation}`);
  }
}

function pageSize(
  query: URLSearchParams,
  operation: keyof typeof DEFAULT_PAGE,
): number {
  return (
    optionalInteger(query.get('maxResults'), 'maxResults', 1, MAX_PAGE, m =>
      badRequest(m, 'maxResults'),
    ) ?? DEFAULT_PAGE[operation]
  );
}

const invalidToken = () =>
  badRequest('The provided nextToken is not valid.', 'nextToken');

function listClusters(ctx: CallContext, query: URLSearchParams) {
  const nameFilter = query.get('clusterNameFilter') ?? '';
  const typeFilter = query.get('clusterTypeFilter') ?? '';
  if (
    typeFilter &&
    typeFilter !== 'PROVISIONED' &&
    typeFilter !== 'SERVERLESS'
  ) {
    throw badRequest(
      `clusterTypeFilter must be PROVISIONED or SERVERLESS, got ${typeFilter}`,
      'clusterTypeFilter',
    );
  }
  const clusters = ctx.region.clusters.filter(
    c =>
      c.name.startsWith(nameFilter) &&
      (!typeFilter || clusterType(c) === typeFilter),
  );
  const page = paginate(clusters, {
    token: query.get('nextToken') ?? undefined,
    scope: `ListClustersV2|${ctx.account.id}|${ctx.regionName}|${nameFilter}|${typeFilter}`,
    limit: pageSize(query, 'ListClustersV2'),
    invalidToken,
  });
  return {
    clusterInfoList: page.items.map(c => clusterInfo(ctx, c)),
    nextToken: page.nextToken,
  };
}

const CLUSTER_ARN = /^arn:aws:kafka:[a-z0-9-]+:\d{12}:cluster\/[^/]+\/[^/]+$/;

export function findCluster(
  ctx: CallContext,
  arn: string,
  parameter = 'clusterArn',
): Cluster {
  if (!CLUSTER_ARN.test(arn)) {
    throw badRequest(`${arn} is not a valid MSK cluster ARN.`, parameter);
  }
  const cluster = ctx.region.clusters.find(c => c.arn === arn);
  if (!cluster) {
    throw new AwsError(
      404,
      'NotFoundException',
      `The cluster ${arn} does not exist.`,
      {
        fields: { invalidParameter: parameter },
      },
    );
  }
  return cluster;
}

function clusterType(cluster: Cluster) {
  return cluster.type === 'serverless' ? 'SERVERLESS' : 'PROVISIONED';
}

/** GetBootstrapBrokers: one string per enabled listener, with MSK's ports (9092 plaintext, 9094 TLS, 9096 SCRAM, 9098 IAM). */
function bootstrapBrokers(ctx: CallContext, cluster: Cluster) {
  if (cluster.state === 'CREATING') {
    throw badRequest(
      `Bootstrap brokers are available once ${cluster.name} is ACTIVE; it is ${cluster.state}.`,
      'clusterArn',
    );
  }
  if (cluster.type === 'serverless') {
    const label = cluster.name.toLowerCase().replace(/[^a-z0-9]/g, '');
    return {
      bootstrapBrokerStringSaslIam: `boot-${label}.${cluster.endpointLabel}.kafka-serverless.${ctx.regionName}.amazonaws.com:9098`,
    };
  }
  const hosts = (port: number) =>
    Array.from(
      { length: Math.min(3, cluster.brokers) },
      (_, i) => `${brokerHost(ctx, cluster, 'b', i + 1)}:${port}`,
    ).join(',');
  const { clientBroker } = cluster.encryption;
  const { iam, scram, tls, unauthenticated } = cluster.authentication;
  const tlsListener = clientBroker !== 'PLAINTEXT';
  return {
    bootstrapBrokerString:
      clientBroker !== 'TLS' && unauthenticated ? hosts(9092) : undefined,
    bootstrapBrokerStringTls:
      tlsListener && (tls || unauthenticated) ? hosts(9094) : undefined,
    bootstrapBrokerStringSaslScram: scram ? hosts(9096) : undefined,
    bootstrapBrokerStringSaslIam: iam ? hosts(9098) : undefined,
  };
}

function brokerHost(
  ctx: CallContext,
  cluster: Cluster,
  prefix: string,
  id: number,
) {
  const label = cluster.name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return `${prefix}-${id}.${label}.${cluster.endpointLabel}.kafka.${ctx.regionName}.amazonaws.com`;
}

/** The `Cluster` shape of DescribeClusterV2 and ListClustersV2, in restJson1's camelCase wire names. */
function clusterInfo(ctx: CallContext, c: Cluster) {
  const base = {
    clusterType: clusterType(c),
    clusterArn: c.arn,
    clusterName: c.name,
    creationTime: c.creationTime.toISOString(),
    currentVersion: c.currentVersion,
    state: c.state,
    stateInfo: c.stateInfo,
    tags: c.tags,
  };
  if (c.type === 'serverless') {
    return {
      ...base,
      serverless: {
        vpcConfigs: [
          { subnetIds: c.subnets, securityGroupIds: c.securityGroups },
        ],
        clientAuthentication: { sasl: { iam: { enabled: true } } },
        connectivityInfo: { networkType: 'IPV4' },
      },
    };
  }
  // KRaft replaced ZooKeeper from Kafka 3.7 on MSK; older versions still report a connect string.
  const [major, minor] = c.kafkaVersion.split('.').map(Number);
  const zookeeper =
    c.type === 'standard' && (major < 3 || (major === 3 && minor < 7));
  const zookeeperHosts = [1, 2, 3].map(id => brokerHost(ctx, c, 'z', id));
  return {
    ...base,
    provisioned: {
      brokerNodeGroupInfo: {
        brokerAZDistribution: 'DEFAULT',
        clientSubnets: c.subnets,
        instanceType: c.instanceType,
        securityGroups: c.securityGroups,
        storageInfo:
          c.storageGiB === undefined
            ? undefined
            : {
                ebsStorageInfo: {
                  volumeSize: c.storageGiB,
                  provisionedThroughput: c.provisionedThroughputMiBps
                    ? {
                        enabled: true,
                        volumeThroughput: c.provisionedThroughputMiBps,
                      }
                    : { enabled: false },
                },
              },
        connectivityInfo: {
          publicAccess: { type: 'DISABLED' },
          vpcConnectivity: {
            clientAuthentication: {
              sasl: { scram: { enabled: false }, iam: { enabled: false } },
              tls: { enabled: false },
            },
          },
          networkType: 'IPV4',
        },
        zoneIds: c.zoneIds,
      },
      numberOfBrokerNodes: c.brokers,
      rebalancing: c.type === 'express' ? { status: 'ACTIVE' } : undefined,
      currentBrokerSoftwareInfo: { kafkaVersion: c.kafkaVersion },
      clientAuthentication: {
        sasl: {
          scram: { enabled: c.authentication.scram },
          iam: { enabled: c.authentication.iam },
        },
        tls: {
          enabled: c.authentication.tls,
          certificateAuthorityArnList: c.authentication.tls
            ? [
                `arn:aws:acm-pca:${ctx.regionName}:${
                  ctx.account.id
                }:certificate-authority/${c.uuid.slice(0, 36)}`,
              ]
            : [],
        },
        unauthenticated: { enabled: c.authentication.unauthenticated },
      },
      encryptionInfo: {
        encryptionAtRest: { dataVolumeKMSKeyId: c.encryption.kmsKeyId },
        encryptionInTransit: {
          clientBroker: c.encryption.clientBroker,
          inCluster: c.encryption.inCluster,
        },
      },
      enhancedMonitoring: c.enhancedMonitoring,
      openMonitoring: {
        prometheus: {
          jmxExporter: { enabledInBroker: c.openMonitoring },
          nodeExporter: { enabledInBroker: c.openMonitoring },
        },
      },
      loggingInfo: {
        brokerLogs: {
          cloudWatchLogs: c.logGroup
            ? { enabled: true, logGroup: c.logGroup }
            : { enabled: false },
          firehose: { enabled: false },
          s3: { enabled: false },
        },
      },
      zookeeperConnectString: zookeeper
        ? zookeeperHosts.map(h => `${h}:2181`).join(',')
        : undefined,
      zookeeperConnectStringTls: zookeeper
        ? zookeeperHosts.map(h => `${h}:2182`).join(',')
        : undefined,
      storageMode: c.storageMode,
      customerActionStatus: 'NONE',
    },
  };
}

function requireProvisioned(cluster: Cluster, what: string) {
  if (cluster.type === 'serverless') {
    throw badRequest(
      `${what} is only supported for provisioned clusters; ${cluster.name} is an MSK Serverless cluster.`,
      'clusterArn',
    );
  }
}

function listNodes(ctx: CallContext, cluster: Cluster, query: URLSearchParams) {
  requireProvisioned(cluster, 'ListNodes');
  const nodes = Array.from({ length: cluster.brokers }, (_, i) => {
    const brokerId = i + 1;
    const subnetIndex = i % cluster.subnets.length;
    return {
      addedToClusterTime: cluster.creationTime.toISOString(),
      instanceType: cluster.instanceType,
      nodeARN: `arn:aws:kafka:${ctx.regionName}:${ctx.account.id}:broker/${cluster.name}/${cluster.uuid}/${brokerId}`,
      nodeType: 'BROKER',
      brokerNodeInfo: {
        attachedENIId: `eni-0${cluster.currentVersion
          .toLowerCase()
          .slice(0, 12)}${brokerId}`,
        brokerId,
        clientSubnet: cluster.subnets[subnetIndex],
        clientVpcIpAddress: `10.0.${subnetIndex * 16 + 1}.${10 + brokerId}`,
        currentBrokerSoftwareInfo: { kafkaVersion: cluster.kafkaVersion },
        endpoints: [brokerHost(ctx, cluster, 'b', brokerId)],
      },
    };
  });
  const page = paginate(nodes, {
    token: query.get('nextToken') ?? undefined,
    scope: `ListNodes|${cluster.arn}`,
    limit: pageSize(query, 'ListNodes'),
    invalidToken,
  });
  return { nodeInfoList: page.items, nextToken: page.nextToken };
}

/** Topic APIs need a provisioned, ACTIVE cluster on Kafka 3.6.0 or later. */
export function requireTopicApis(cluster: Cluster) {
  requireProvisioned(cluster, 'Topic APIs are');
  const [major, minor] = cluster.kafkaVersion.split('.').map(Number);
  if (major < 3 || (major === 3 && minor < 6)) {
    throw badRequest(
      `Topic APIs need Kafka 3.6.0 or later; ${cluster.name} runs ${cluster.kafkaVersion}.`,
      'clusterArn',
    );
  }
  if (cluster.state !== 'ACTIVE') {
    throw badRequest(
      `Topic APIs need the cluster to be ACTIVE; ${cluster.name} is ${cluster.state}.`,
      'clusterArn',
    );
  }
}

function listTopics(cluster: Cluster, query: URLSearchParams) {
  requireTopicApis(cluster);
  const filter = query.get('topicNameFilter') ?? '';
  const topics = cluster.topics.filter(t => t.name.startsWith(filter));
  const page = paginate(topics, {
    token: query.get('nextToken') ?? undefined,
    scope: `ListTopics|${cluster.arn}|${filter}`,
    limit: pageSize(query, 'ListTopics'),
    invalidToken,
  });
  return {
    topics: page.items.map(t => ({
      topicArn: t.arn,
      topicName: t.name,
      replicationFactor: t.replicationFactor,
      partitionCount: t.partitions,
      outOfSyncReplicaCount: t.outOfSyncReplicas,
    })),
    nextToken: page.nextToken,
  };
}

function describeTopic(cluster: Cluster, name: string) {
  requireTopicApis(cluster);
  const topic: Topic | undefined = cluster.topics.find(t => t.name === name);
  if (!topic) {
    throw new AwsError(
      404,
      'NotFoundException',
      `The topic ${name} does not exist in ${cluster.name}.`,
      {
        fields: { invalidParameter: 'topicName' },
      },
    );
  }
  return {
    topicArn: topic.arn,
    topicName: topic.name,
    replicationFactor: topic.replicationFactor,
    partitionCount: topic.partitions,
    // Base64 of a JSON object of strings, the encoding the MSK topic API uses.
    configs: Buffer.from(JSON.stringify(topic.configs)).toString('base64'),
    status: 'ACTIVE',
  };
}
