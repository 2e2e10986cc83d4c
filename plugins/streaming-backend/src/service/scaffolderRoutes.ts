import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  costProposalSchema,
  estimateProposalMonthlyCost,
  KafkaClusterAsset,
  partitionBudget,
  ResolvedPricing,
  ScaffolderClustersResponse,
} from '@backstage-streaming/plugin-streaming-common';
import express from 'express';
import Router from 'express-promise-router';
import { InventoryStore } from '../database/InventoryStore';
import { AssetAccess } from './AssetAccess';
import type { PricingSource } from '../pricing/CurrentPricing';

export interface ScaffolderRoutesOptions {
  httpAuth: HttpAuthService;
  /** Decides streaming.asset.read per cluster, conditions included. */
  access: AssetAccess;
  store: InventoryStore;
  /** Fixed prices, or the prices in force (stored price lists included), read per request. */
  pricing: ResolvedPricing | PricingSource;
}

/**
 * What the scaffolder forms ask: the price of a proposed asset
 * (`POST /v1/estimate`) and the clusters a new topic can go to
 * (`GET /v1/scaffolder/clusters`).
 */
export function createScaffolderRoutes(
  options: ScaffolderRoutesOptions,
): express.Router {
  const { httpAuth, access, store, pricing } = options;
  const router = Router();
  router.use(express.json());

  router.post('/v1/estimate', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    const parsed = costProposalSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.join('.') || 'body';
      throw new InputError(
        issue.code === 'invalid_union_discriminator'
          ? `kind must be one of kafka-cluster, kafka-topic, flink-application`
          : `Invalid estimate request: ${field}: ${issue.message}`,
      );
    }
    // The same rules as the estates' estimates (streaming-common cost rules, streaming.pricing).
    res.json(
      estimateProposalMonthlyCost(
        parsed.data,
        'current' in pricing ? pricing.current() : pricing,
      ),
    );
  });

  router.get('/v1/scaffolder/clusters', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const clusters = (await store.listAssets({
      assetType: 'kafka-cluster',
    })) as KafkaClusterAsset[];
    // MSK's topic APIs: provisioned clusters on Kafka 3.6.0 or later (the refresh marks the others unsupported).
    const candidates = clusters.filter(
      c =>
        c.clusterType !== 'serverless' &&
        c.topicListing !== 'unsupported' &&
        !c.gone,
    );
    if (candidates.length === 0) {
      res.json({ clusters: [] });
      return;
    }
    // streaming.asset.read is asked once; a conditional answer (e.g. the
    // caller's team owns the cluster) is applied to each cluster.
    const { read } = await access.decide(candidates, credentials);
    const readable = candidates.filter(c => read.has(c.arn));
    const replicas = new Map<string, number>();
    for (const topic of await store.listAssets({ assetType: 'kafka-topic' })) {
      if (topic.assetType !== 'kafka-topic' || topic.gone) continue;
      replicas.set(
        topic.clusterArn,
        (replicas.get(topic.clusterArn) ?? 0) +
          (topic.partitionCount ?? 0) * (topic.replicationFactor ?? 0),
      );
    }
    const body: ScaffolderClustersResponse = {
      clusters: readable
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(c => {
          const budget = partitionBudget({
            instanceType: c.instanceType,
            brokerCount: c.brokerCount,
            replicasInUse: replicas.get(c.arn) ?? 0,
          });
          return {
            arn: c.arn,
            name: c.name,
            accountId: c.accountId,
            region: c.region,
            clusterType: c.clusterType,
            state: c.state,
            kafkaVersion: c.kafkaVersion,
            instanceType: c.instanceType,
            brokerCount: c.brokerCount,
            partitionBudget: budget && {
              recommendedPerBroker: budget.recommendedPerBroker,
              capacity: budget.capacity,
              replicasInUse: budget.replicasInUse,
              remainingReplicas: budget.remainingReplicas,
            },
          };
        }),
    };
    res.json(body);
  });

  return router;
}
