import { CallContext } from './context';
import { hashHex, regionZonePrefix, stableToken, stableUuid } from './ids';
import { badRequest, requireTopicApis } from './kafka';
import { AwsError } from './protocol';
import type { Cluster, Topic } from './scenario';

type Body = Record<string, unknown>;

// MSK's own rules (CreateClusterV2 / CreateTopic API reference): cluster names are
// 1-64 letters, digits and hyphens starting with a letter or digit; topic names are Kafka's.
const CLUSTER_NAME = /^[0-9A-Za-z][0-9A-Za-z-]{0,63}$/;
const CONFIGURATION_NAME = /^[0-9A-Za-z][0-9A-Za-z-]{0,63}$/;
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

const conflict = (message: string) =>
  new AwsError(409, 'ConflictException', message);

function object(body: Body, name: string): Body | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(`${name} must be an object.`, name);
  }
  return value as Body;
}

function requiredString(body: Body, name: string, pattern?: RegExp): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') {
    throw badRequest(`${name} is required.`, name);
  }
  if (pattern && !pattern.test(value)) {
    throw badRequest(
      `${name} '${value}' does not satisfy ${pattern.source}.`,
      name,
    );
  }
  return value;
}

function requiredInteger(body: Body, name: string, min: number): number {
  const value = body[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw badRequest(
      `${name} must be a whole number of at least ${min}, got ${JSON.stringify(
        value,
      )}.`,
      name,
    );
  }
  return value;
}

function stringList(body: Body | undefined, name: string): string[] {
  const value = body?.[name];
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
    throw badRequest(`${name} must be a list of strings.`, name);
  }
  return value as string[];
}

function decodeBase64(value: string, name: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
    throw badRequest(`${name} must be base64 encoded.`, name);
  }
  return Buffer.from(value, 'base64').toString('utf8');
}

/** Clusters created through the API turn ACTIVE once their create delay has passed. */
export function settleCreatedClusters(ctx: CallContext): void {
  for (const cluster of ctx.region.clusters) {
    if (
      cluster.state === 'CREATING' &&
      cluster.readyAt !== undefined &&
      ctx.now >= cluster.readyAt
    ) {
      cluster.state = 'ACTIVE';
    }
  }
}

export function createConfiguration(ctx: CallContext, body: Body) {
  const name = requiredString(body, 'name', CONFIGURATION_NAME);
  const serverProperties = decodeBase64(
    requiredString(body, 'serverProperties'),
    'serverProperties',
  );
  if (ctx.region.configurations.some(c => c.name === name)) {
    throw conflict(`A configuration with name ${name} already exists.`);
  }
  for (const line of serverProperties.split('\n')) {
    if (
      line.trim() !== '' &&
      !line.trim().startsWith('#') &&
      !line.includes('=')
    ) {
      throw badRequest(
        `serverProperties line '${line}' is not a key=value property.`,
        'serverProperties',
      );
    }
  }
  const creationTime = new Date(ctx.now);
  const configuration = {
    name,
    arn: `arn:aws:kafka:${ctx.regionName}:${
      ctx.account.id
    }:configuration/${name}/${stableUuid(
      `${ctx.account.id}/${ctx.regionName}/configuration/${name}`,
    )}-2`,
    description:
      typeof body.description === 'string' ? body.description : undefined,
    kafkaVersions: stringList(body, 'kafkaVersions'),
    serverProperties,
    revision: 1,
    creationTime,
  };
  ctx.region.configurations.push(configuration);
  return {
    arn: configuration.arn,
    creationTime: creationTime.toISOString(),
    latestRevision: {
      creationTime: creationTime.toISOString(),
      description: configuration.description,
      revision: 1,
    },
    name,
    state: 'ACTIVE',
  };
}

/** The sandbox answers every configuration on one page (no NextToken). */
export function listConfigurations(ctx: CallContext) {
  return {
    configurations: ctx.region.configurations.map(c => ({
      arn: c.arn,
      creationTime: c.creationTime.toISOString(),
      description: c.description ?? '',
      kafkaVersions: c.kafkaVersions,
      latestRevision: {
        creationTime: c.creationTime.toISOString(),
        description: c.description,
        revision: c.revision,
      },
      name: c.name,
      state: 'ACTIVE',
    })),
  };
}

export function createClusterV2(ctx: CallContext, body: Body) {
  const name = requiredString(body, 'clusterName', CLUSTER_NAME);
  const provisioned = object(body, 'provisioned');
  const serverless = object(body, 'serverless');
  if (!!provisioned === !!serverless) {
    throw badRequest(
      'Specify exactly one of provisioned or serverless.',
      provisioned ? 'serverless' : 'provisioned',
    );
  }
  if (ctx.region.clusters.some(c => c.name === name)) {
    throw conflict(`A cluster with name ${name} already exists.`);
  }
  const tags = (object(body, 'tags') ?? {}) as Record<string, string>;
  const seed = `${ctx.account.id}/${ctx.regionName}/${name}`;
  const hex = hashHex(seed, 80);
  const uuid = `${stableUuid(seed)}-${provisioned ? '1' : 's1'}`;
  const arn = `arn:aws:kafka:${ctx.regionName}:${ctx.account.id}:cluster/${name}/${uuid}`;
  const zonePrefix = regionZonePrefix(ctx.regionName);
  const base = {
    name,
    arn,
    uuid,
    state: 'CREATING',
    readyAt: ctx.now + ctx.createDelayMs,
    tags,
    currentVersion: stableToken(`${seed}/version`, 14),
    creationTime: new Date(ctx.now),
    topics: [] as Topic[],
    endpointLabel: `${hex.slice(64, 70)}.c${
      (parseInt(hex.slice(70, 72), 16) % 3) + 1
    }`,
    openMonitoring: false,
  };

  let cluster: Cluster;
  if (serverless) {
    const vpcConfigs = serverless.vpcConfigs;
    if (!Array.isArray(vpcConfigs) || vpcConfigs.length === 0) {
      throw badRequest(
        'serverless.vpcConfigs must list at least one VPC configuration.',
        'vpcConfigs',
      );
    }
    const subnets = stringList(vpcConfigs[0] as Body, 'subnetIds');
    if (subnets.length < 2) {
      throw badRequest(
        'serverless.vpcConfigs[0].subnetIds must name at least 2 subnets in different Availability Zones.',
        'subnetIds',
      );
    }
    const iam = (
      object(
        object(object(serverless, 'clientAuthentication') ?? {}, 'sasl') ?? {},
        'iam',
      ) ?? {}
    ).enabled;
    if (iam !== true) {
      throw badRequest(
        'MSK Serverless supports only IAM client authentication; set serverless.clientAuthentication.sasl.iam.enabled to true.',
        'clientAuthentication',
      );
    }
    cluster = {
      ...base,
      type: 'serverless',
      kafkaVersion: '3.6.0',
      instanceType: '',
      brokers: 0,
      encryption: { clientBroker: 'TLS', inCluster: true, kmsKeyId: '' },
      authentication: {
        iam: true,
        scram: false,
        tls: false,
        unauthenticated: false,
      },
      enhancedMonitoring: 'DEFAULT',
      subnets,
      zoneIds: subnets.map((_, i) => `${zonePrefix}-az${i + 1}`),
      securityGroups: stringList(vpcConfigs[0] as Body, 'securityGroupIds'),
    };
  } else {
    const p = provisioned!;
    const group = object(p, 'brokerNodeGroupInfo');
    if (!group) {
      throw badRequest(
        'provisioned.brokerNodeGroupInfo is required.',
        'brokerNodeGroupInfo',
      );
    }
    const instanceType = requiredString(group, 'instanceType');
    const kafkaVersion = requiredString(p, 'kafkaVersion');
    const brokers = requiredInteger(p, 'numberOfBrokerNodes', 1);
    const subnets = stringList(group, 'clientSubnets');
    const express = instanceType.startsWith('express.');
    if (!express && !instanceType.startsWith('kafka.')) {
      throw badRequest(
        `${instanceType} is not an MSK broker instance type (kafka.* or express.*).`,
        'instanceType',
      );
    }
    if (express && subnets.length !== 3) {
      throw badRequest(
        `Express brokers need exactly 3 client subnets in 3 Availability Zones, got ${subnets.length}.`,
        'clientSubnets',
      );
    }
    if (subnets.length < 2) {
      throw badRequest(
        'brokerNodeGroupInfo.clientSubnets must name at least 2 subnets.',
        'clientSubnets',
      );
    }
    if (brokers % subnets.length !== 0) {
      throw badRequest(
        `numberOfBrokerNodes (${brokers}) must be a multiple of the number of client subnets (${subnets.length}).`,
        'numberOfBrokerNodes',
      );
    }
    const storage = object(
      object(group, 'storageInfo') ?? {},
      'ebsStorageInfo',
    );
    if (express && storage) {
      throw badRequest(
        'Express brokers do not take storage settings; remove brokerNodeGroupInfo.storageInfo.',
        'storageInfo',
      );
    }
    const volumeSize = storage?.volumeSize;
    if (
      storage &&
      (typeof volumeSize !== 'number' || volumeSize < 1 || volumeSize > 16384)
    ) {
      throw badRequest(
        'storageInfo.ebsStorageInfo.volumeSize must be from 1 to 16384 GiB.',
        'volumeSize',
      );
    }
    const configurationInfo = object(p, 'configurationInfo');
    let configuration: Cluster['configuration'];
    if (configurationInfo) {
      const configArn = requiredString(configurationInfo, 'arn');
      if (!ctx.region.configurations.some(c => c.arn === configArn)) {
        throw new AwsError(
          404,
          'NotFoundException',
          `The configuration ${configArn} does not exist.`,
          { fields: { invalidParameter: 'configurationInfo' } },
        );
      }
      configuration = {
        arn: configArn,
        revision: Number(configurationInfo.revision ?? 1),
      };
    }
    const transit =
      object(object(p, 'encryptionInfo') ?? {}, 'encryptionInTransit') ?? {};
    const auth = object(p, 'clientAuthentication') ?? {};
    const sasl = object(auth, 'sasl') ?? {};
    const enabled = (block: Body | undefined) => block?.enabled === true;
    cluster = {
      ...base,
      type: express ? 'express' : 'standard',
      kafkaVersion,
      instanceType,
      brokers,
      storageGiB: express
        ? undefined
        : (volumeSize as number | undefined) ?? 1000,
      storageMode: storageModeOf(express, p.storageMode),
      encryption: {
        // The API's defaults when a block is omitted.
        clientBroker: String(transit.clientBroker ?? 'TLS_PLAINTEXT'),
        inCluster: transit.inCluster !== false,
        kmsKeyId: `arn:aws:kms:${ctx.regionName}:${
          ctx.account.id
        }:key/${stableUuid(`${seed}/kms`)}`,
      },
      authentication: {
        iam: enabled(object(sasl, 'iam')),
        scram: enabled(object(sasl, 'scram')),
        tls: enabled(object(auth, 'tls')),
        unauthenticated: enabled(object(auth, 'unauthenticated')),
      },
      enhancedMonitoring: String(p.enhancedMonitoring ?? 'DEFAULT'),
      subnets,
      zoneIds: subnets.map((_, i) => `${zonePrefix}-az${i + 1}`),
      securityGroups: stringList(group, 'securityGroups'),
      configuration,
    };
  }
  ctx.region.clusters.push(cluster);
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    state: cluster.state,
    clusterType: cluster.type === 'serverless' ? 'SERVERLESS' : 'PROVISIONED',
  };
}

export function createTopic(cluster: Cluster, body: Body) {
  requireTopicApis(cluster);
  const name = requiredString(body, 'topicName', TOPIC_NAME);
  const partitions = requiredInteger(body, 'partitionCount', 1);
  const replicationFactor = requiredInteger(body, 'replicationFactor', 1);
  if (replicationFactor > cluster.brokers) {
    throw badRequest(
      `replicationFactor ${replicationFactor} is more than the cluster's ${cluster.brokers} brokers.`,
      'replicationFactor',
    );
  }
  if (cluster.topics.some(t => t.name === name)) {
    throw conflict(`Topic ${name} already exists in ${cluster.name}.`);
  }
  let configs: Record<string, string> = {};
  if (body.configs !== undefined) {
    if (typeof body.configs !== 'string') {
      throw badRequest('configs must be a base64 string.', 'configs');
    }
    configs = parseTopicConfigs(decodeBase64(body.configs, 'configs'));
  }
  const topic: Topic = {
    name,
    arn: `${cluster.arn.replace(':cluster/', ':topic/')}/${name}`,
    partitions,
    replicationFactor,
    outOfSyncReplicas: 0,
    configs,
  };
  cluster.topics.push(topic);
  cluster.topics.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { topicArn: topic.arn, topicName: name, status: 'CREATING' };
}

/** The topic API's configs: a JSON object of strings, or properties lines (both seen in AWS's examples). */
function parseTopicConfigs(text: string): Record<string, string> {
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return Object.fromEntries(
        Object.entries(parsed).map(([k, v]) => [k, String(v)]),
      );
    }
  } catch {
    // fall through to properties lines
  }
  const configs: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (line.trim() === '') continue;
    if (at < 1) {
      throw badRequest(`configs line '${line}' is not key=value.`, 'configs');
    }
    configs[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return configs;
}

function storageModeOf(express: boolean, requested: unknown) {
  if (express) return undefined;
  return requested === 'TIERED' ? 'TIERED' : 'LOCAL';
}
