import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConsumerGroupAsset,
  EntityStreamingResponse,
  KafkaTopicAsset,
  StreamingAsset,
} from '@backstage-streaming/plugin-streaming-common';
import {
  redactPropertyGroups,
  type StreamingAwsConfig,
} from '@backstage-streaming/plugin-streaming-node';
import { AssetView, AssetViewStore } from '../database/AssetViewStore';
import { InventoryStore } from '../database/InventoryStore';
import type { AssetDecisions } from './AssetAccess';
import { staleAccountProblems } from './attachmentProblems';
import { EntityAssetResolver, EntityAttachments } from './EntityAssetResolver';
import { ResolutionCache } from './ResolutionCache';

/**
 * The entity's streaming answer, read from stored rows only: the attachments
 * (resolution cached), the assets and their derived views by ARN in one batch
 * each, and the consumers of its topics. Cost, shares and KPUs were computed
 * at refresh (derive/); nothing is re-derived per view.
 */
export class EntityAnswer {
  constructor(
    private readonly options: {
      store: InventoryStore;
      views: AssetViewStore;
      resolver: EntityAssetResolver;
      cache: ResolutionCache;
      awsConfig: StreamingAwsConfig;
    },
  ) {}

  /**
   * The assets the entity attaches (no authorization), with the cached
   * resolution: for a chart request, which must show nothing the page does not.
   */
  async attachments(entity: Entity): Promise<EntityAttachments> {
    const { store, resolver, cache } = this.options;
    const resolved = await cache.getOrResolve(entity, async () =>
      resolver.resolveAnnotations(entity, await store.listRefreshStatus()),
    );
    return resolver.attach(resolved);
  }

  /**
   * The entity's streaming answer for one caller. `decide` says which assets
   * the caller may read and see the cost of; an asset it may not read is
   * answered as the same problem an unknown one gets, so its existence is not
   * revealed. KPU usage is not cost and comes with every readable application.
   */
  async resolve(
    entity: Entity,
    decide: (assets: StreamingAsset[]) => Promise<AssetDecisions>,
  ): Promise<EntityStreamingResponse> {
    const { store, views, resolver, cache, awsConfig } = this.options;
    const statuses = await store.listRefreshStatus();
    const resolved = await cache.getOrResolve(entity, () =>
      resolver.resolveAnnotations(entity, statuses),
    );
    let decisions: AssetDecisions = { read: new Set(), cost: new Set() };
    const attachments = await resolver.attach(resolved, {
      readable: async assets => {
        decisions = await decide(assets);
        return decisions.read;
      },
    });
    const served = [
      ...attachments.clusters,
      ...attachments.topics,
      ...attachments.applications,
      ...attachments.consumerGroups,
    ];
    const [viewOf, groups] = await Promise.all([
      views.getViews(
        [
          ...attachments.clusters,
          ...attachments.topics,
          ...attachments.applications,
        ]
          .filter(
            a =>
              a.assetType === 'flink-application' || decisions.cost.has(a.arn),
          )
          .map(a => a.arn),
      ),
      store.findConsumerGroupsOfClusters(
        attachments.topics.map(t => t.clusterArn),
      ),
    ]);
    const withCost = <T extends StreamingAsset>(asset: T): T => {
      const cost = decisions.cost.has(asset.arn)
        ? viewOf.get(asset.arn)?.cost
        : undefined;
      return cost ? { ...asset, cost } : asset;
    };
    const withoutCost = served.filter(a => !decisions.cost.has(a.arn)).length;
    const attempts = statuses.map(s => s.lastAttemptAt).sort();
    return {
      entityRef: stringifyEntityRef(entity),
      clusters: attachments.clusters.map(withCost),
      topics: withConsumers(
        attachments.topics.map(withCost),
        groups.filter(
          (g): g is ConsumerGroupAsset => g.assetType === 'consumer-group',
        ),
      ),
      applications: attachments.applications.map(application => {
        const view: AssetView | undefined = viewOf.get(application.arn);
        const shown = withCost({
          ...application,
          ...(view?.kpu ? { kpus: view.kpu } : {}),
        });
        // Redacted again when served: a row stored by an older version, whose
        // account no longer refreshes, must not serve a secret either.
        return shown.details
          ? {
              ...shown,
              details: {
                ...shown.details,
                propertyGroups: redactPropertyGroups(
                  shown.details.propertyGroups,
                  awsConfig.secretKeyPatterns,
                ),
              },
            }
          : shown;
      }),
      consumerGroups: attachments.consumerGroups,
      problems: [
        ...attachments.problems,
        ...staleAccountProblems(attachments, statuses),
      ],
      inventoryRefreshedAt: attempts.length
        ? attempts[attempts.length - 1]
        : null,
      cost: costPermission(served.length, withoutCost),
    };
  }
}

/** Each topic with the consumer groups reading it and their lag on it. */
function withConsumers(
  topics: KafkaTopicAsset[],
  groups: ConsumerGroupAsset[],
): KafkaTopicAsset[] {
  const groupsOfCluster = new Map<string, ConsumerGroupAsset[]>();
  for (const group of groups) {
    const list = groupsOfCluster.get(group.clusterArn) ?? [];
    list.push(group);
    groupsOfCluster.set(group.clusterArn, list);
  }
  return topics.map(topic => {
    const consumers = (groupsOfCluster.get(topic.clusterArn) ?? []).flatMap(
      group =>
        group.topics
          .filter(lag => lag.topic === topic.name)
          .map(lag => ({
            groupName: group.name,
            groupArn: group.arn,
            maxOffsetLag: lag.maxOffsetLag,
            sumOffsetLag: lag.sumOffsetLag,
            estimatedMaxTimeLagSeconds: lag.estimatedMaxTimeLagSeconds,
          })),
    );
    return { ...topic, consumers };
  });
}

/** Whether the cost fields are there, and why some or all are absent. */
function costPermission(
  served: number,
  withoutCost: number,
): EntityStreamingResponse['cost'] {
  if (withoutCost === 0) return { permitted: true };
  if (withoutCost === served) {
    return {
      permitted: false,
      reason:
        'Cost is shown to those allowed streaming.cost.read on the asset.',
    };
  }
  return {
    permitted: true,
    reason: `Cost is shown only for the assets you may see the cost of (streaming.cost.read); ${withoutCost} of the ${served} assets here have none.`,
  };
}
