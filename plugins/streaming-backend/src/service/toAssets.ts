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
import type { CollectedMetrics } from '../metrics/collectMetrics';

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

const NO_METRICS: CollectedMetrics = {
  values: new Map(),
  busiestBrokerCpu: new Map(),
  clusterThroughput: new Map(),
  seriesRequested: 0,
  seriesSkipped: 0,
};

/**
 * Turns one account-region snapshot into served assets, with health evaluated
 * from the collected metrics. Without metrics (the first pass, which only
 * plans what to read) every metric rule is `unknown`.
 */
export function snapshotToAssets(
  snapshot: AccountRegionSnapshot,
  options: {
    refreshedAt: string;
    thresholds: HealthThresholds;
    ownership: OwnershipSettings;
    metrics?: CollectedMetrics;
    /** A metrics read that failed as a whole, recorded on every asset's health. */
    metricsProblem?: AssetReadProblem['error'];
  },
): StreamingAsset[] {
  const { refreshedAt, thresholds, ownership } = options;
  const metrics = options.metrics ?? NO_METRICS;
  const base = {
    accountId: snapshot.accountId,
    region: snapshot.region,
    refreshedAt,
    lastSeenAt: refreshedAt,
    stale: false,
    gone: false,
  };
  const problems = [...snapshot.problems];
  const listed = new Set(snapshot.topicsListedFor);
  const unsupported = new Set(snapshot.topicApisUnavailableFor);
  const valuesOf = (arn: string) => metrics.values.get(arn) ?? {};
  const value = (arn: string, metricId: string) =>
    valuesOf(arn)[metricId] ?? null;
  const metricFindings = (arn: string): HealthFinding[] =>
    options.metricsProblem
      ? readProblemFindings(arn, [
          { assetArn: arn, error: options.metricsProblem },
        ])
      : [];
  const assets: StreamingAsset[] = [];

  const clusterByArn = new Map(snapshot.clusters.map(c => [c.arn, c]));
  for (const cluster of snapshot.clusters) {
    const cpuPercent = metrics.busiestBrokerCpu.get(cluster.arn) ?? null;
    const details = cluster.details;
    const v = (id: string) => value(cluster.arn, id);
    const health = evaluateKafkaClusterHealth(
      {
        clusterType: cluster.clusterType,
        state: cluster.state,
        cpuPercent,
        instanceType: cluster.instanceType,
        enhancedMonitoring: details?.enhancedMonitoring ?? null,
        diskUsedPercent: v('msk.broker.diskUsed'),
        heapAfterGcPercent: v('msk.broker.heapAfterGc'),
        underReplicatedPartitions: v('msk.broker.underReplicatedPartitions'),
        offlinePartitions: v('msk.cluster.offlinePartitions'),
        underMinIsrPartitions: v('msk.broker.underMinIsrPartitions'),
        activeControllerCount: v('msk.cluster.activeControllerCount'),
        partitionsPerBroker: v('msk.broker.partitionCount'),
        brokerBytesInPerSec: v('msk.broker.bytesIn'),
        brokerBytesOutPerSec: v('msk.broker.bytesOut'),
        produceThrottleTimeMs: v('msk.broker.produceThrottleTime'),
        fetchThrottleTimeMs: v('msk.broker.fetchThrottleTime'),
        clientBroker: details?.encryption.clientBroker ?? null,
        unauthenticatedAccess:
          details?.clientAuthentication.unauthenticated ?? null,
        publicAccess: details?.publicAccess ?? null,
      },
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
      // Throughput for cost (msk.cluster.bytesInTotal, …) is the slower
      // refresh's window average, stored with its slow metrics.
      metrics: valuesOf(cluster.arn),
      health: toHealth([
        ...health.findings,
        ...readProblemFindings(cluster.arn, problems),
        ...metricFindings(cluster.arn),
      ]),
    });
  }

  for (const topic of snapshot.topics) {
    const cluster = clusterByArn.get(topic.clusterArn);
    // Topics carry no tags of their own in MSK; they inherit the cluster's owner.
    const tags = cluster?.tags ?? {};
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
      // Absent means read at this listing (rows stored before fall back to it too).
      ...(topic.configs && topic.configsFingerprint
        ? { configsFingerprint: topic.configsFingerprint }
        : {}),
      ...(topic.describeFailed ? { describeFailed: true } : {}),
      health: toHealth([
        ...evaluateKafkaTopicHealth(
          {
            replicationFactor: topic.replicationFactor,
            outOfSyncReplicaCount: topic.outOfSyncReplicaCount,
            configs: topic.configs,
            clusterType: cluster?.clusterType ?? null,
          },
          thresholds,
        ).findings,
        ...readProblemFindings(topic.arn, problems),
      ]),
    });
  }

  for (const application of snapshot.applications) {
    const v = (id: string) => value(application.arn, id);
    const details = application.details;
    const runtime = application.runtimeEnvironment;
    const health = evaluateFlinkApplicationHealth(
      {
        status: application.status,
        downtimeMs: v('flink.downtime'),
        runtimeEnvironment: runtime,
        metricsLevel: details?.monitoring.metricsLevel ?? null,
        checkpointingEnabled: details?.checkpointing.enabled ?? null,
        checkpointIntervalMs: details?.checkpointing.intervalMs ?? null,
        snapshotsEnabled: details?.snapshotsEnabled ?? null,
        // Flink 2.x reports numRestarts; older runtimes fullRestarts: the table gates which one exists.
        restartsInWindow: v('flink.numRestarts') ?? v('flink.fullRestarts'),
        failedCheckpointsInWindow: v('flink.numberOfFailedCheckpoints'),
        lastCheckpointDurationMs: v('flink.lastCheckpointDuration'),
        heapPercent: v('flink.heapMemoryUtilization'),
        containerMemoryPercent: v('flink.containerMemoryUtilization'),
        cpuPercent: v('flink.cpuUtilization'),
        backpressureMsPerSecond: v('flink.backPressuredTimeMsPerSecond'),
        operations: application.operations,
        now: new Date(refreshedAt),
      },
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
      runtimeEnvironment: runtime,
      applicationMode: application.applicationMode,
      versionId: application.versionId,
      downtimeMs: v('flink.downtime'),
      ...(details ? { details } : {}),
      ...(application.operations ? { operations: application.operations } : {}),
      metrics: valuesOf(application.arn),
      health: toHealth([
        ...health.findings,
        ...readProblemFindings(application.arn, problems),
        ...metricFindings(application.arn),
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
