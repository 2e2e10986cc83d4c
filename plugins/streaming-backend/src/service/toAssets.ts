import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  evaluateFlinkApplicationHealth,
  evaluateKafkaClusterHealth,
  evaluateKafkaTopicHealth,
  HealthFinding,
  HealthThresholds,
  StreamingAsset,
  toHealth,
} from '@backstage-streaming/plugin-streaming-common';
import type {
  AccountRegionSnapshot,
  AssetReadProblem,
} from '@backstage-streaming/plugin-streaming-node';

/** How asset tags name owners (`streaming.ownership`). */
export interface OwnershipSettings {
  /** Tag keys, in order, whose value names the owning group. */
  tagKeys: string[];
  /** Tag value → group entity ref, for values that are not group names. */
  groupMapping: Record<string, string>;
}

/**
 * The owner an asset's tags name, as a group entity ref. `owner: team-orders`
 * becomes `group:default/team-orders`; a full ref is kept as it is.
 */
export function ownerFromTags(
  tags: Record<string, string>,
  ownership: OwnershipSettings,
): string | null {
  for (const key of ownership.tagKeys) {
    const raw = tags[key]?.trim();
    if (!raw) continue;
    // An explicit mapping wins, for tag values that are no group name (e.g. "Orders Team").
    const value = ownership.groupMapping[raw] ?? raw;
    try {
      return stringifyEntityRef(
        parseEntityRef(value, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      );
    } catch {
      // A tag value that is no entity ref at all names no owner.
    }
  }
  return null;
}

/** A finding for a detail call that failed, so the health says why it is incomplete. */
function readProblemFindings(
  arn: string,
  problems: AssetReadProblem[],
): HealthFinding[] {
  return problems
    .filter(problem => problem.assetArn === arn)
    .map(problem => ({
      ruleId: 'aws.read',
      severity: 'unknown' as const,
      value: problem.error.code,
      threshold: null,
      message: `${problem.error.operation} failed (${problem.error.code}): ${problem.error.message}`,
    }));
}

/** Turns one account-region snapshot into served assets, with health evaluated. */
export function snapshotToAssets(
  snapshot: AccountRegionSnapshot,
  options: {
    refreshedAt: string;
    thresholds: HealthThresholds;
    ownership: OwnershipSettings;
  },
): StreamingAsset[] {
  const { refreshedAt, thresholds, ownership } = options;
  const base = {
    accountId: snapshot.accountId,
    region: snapshot.region,
    refreshedAt,
    lastSeenAt: refreshedAt,
    stale: false,
    gone: false,
  };
  const listed = new Set(snapshot.topicsListedFor);
  const unsupported = new Set(snapshot.topicApisUnavailableFor);
  const assets: StreamingAsset[] = [];

  const clusterTags = new Map<string, Record<string, string>>();
  for (const cluster of snapshot.clusters) {
    clusterTags.set(cluster.arn, cluster.tags);
    const cpuPercent = snapshot.clusterCpuPercent[cluster.arn] ?? null;
    const health = evaluateKafkaClusterHealth(
      { clusterType: cluster.clusterType, state: cluster.state, cpuPercent },
      thresholds,
    );
    assets.push({
      ...base,
      assetType: 'kafka-cluster',
      arn: cluster.arn,
      name: cluster.name,
      owner: ownerFromTags(cluster.tags, ownership),
      tags: cluster.tags,
      clusterType: cluster.clusterType,
      state: cluster.state,
      kafkaVersion: cluster.kafkaVersion,
      brokerCount: cluster.brokerCount,
      instanceType: cluster.instanceType,
      cpuPercent,
      ...(cluster.details ? { details: cluster.details } : {}),
      ...(cluster.brokers ? { brokers: cluster.brokers } : {}),
      topicListing: topicListingOf(
        cluster.arn,
        cluster.clusterType,
        listed,
        unsupported,
      ),
      health: toHealth([
        ...health.findings,
        ...readProblemFindings(cluster.arn, snapshot.problems),
      ]),
    });
  }

  for (const topic of snapshot.topics) {
    // Topics carry no tags of their own in MSK; they inherit the cluster's owner.
    const tags = clusterTags.get(topic.clusterArn) ?? {};
    assets.push({
      ...base,
      assetType: 'kafka-topic',
      arn: topic.arn,
      name: topic.name,
      owner: ownerFromTags(tags, ownership),
      tags: {},
      clusterArn: topic.clusterArn,
      clusterName: topic.clusterName,
      partitionCount: topic.partitionCount,
      replicationFactor: topic.replicationFactor,
      outOfSyncReplicaCount: topic.outOfSyncReplicaCount,
      ...(topic.configs ? { configs: topic.configs } : {}),
      health: toHealth([
        ...evaluateKafkaTopicHealth(topic, thresholds).findings,
        ...readProblemFindings(topic.arn, snapshot.problems),
      ]),
    });
  }

  for (const application of snapshot.applications) {
    const downtimeMs = snapshot.flinkDowntimeMs[application.arn] ?? null;
    const health = evaluateFlinkApplicationHealth(
      { status: application.status, downtimeMs },
      thresholds,
    );
    assets.push({
      ...base,
      assetType: 'flink-application',
      arn: application.arn,
      name: application.name,
      owner: ownerFromTags(application.tags, ownership),
      tags: application.tags,
      status: application.status,
      runtimeEnvironment: application.runtimeEnvironment,
      applicationMode: application.applicationMode,
      versionId: application.versionId,
      downtimeMs,
      ...(application.details ? { details: application.details } : {}),
      ...(application.operations ? { operations: application.operations } : {}),
      health: toHealth([
        ...health.findings,
        ...readProblemFindings(application.arn, snapshot.problems),
      ]),
    });
  }
  return assets;
}

function topicListingOf(
  arn: string,
  clusterType: string,
  listed: Set<string>,
  unsupported: Set<string>,
): 'listed' | 'unsupported' | 'failed' {
  if (clusterType === 'serverless' || unsupported.has(arn))
    return 'unsupported';
  return listed.has(arn) ? 'listed' : 'failed';
}
