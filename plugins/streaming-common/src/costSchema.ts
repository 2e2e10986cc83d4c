import { z } from 'zod';

/**
 * The cost and KPU data served with an asset (issue: cost, chargeback and
 * right-sizing). Computed by the backend with the rules in ./cost; the
 * shapes mirror CostEstimate, RightsizingResult, ClusterCostSplit and
 * KpuCount so the served JSON is exactly what the rules return.
 */
export const costPartSchema = z.object({
  item: z.string(),
  description: z.string(),
  quantity: z.number().nullable(),
  unit: z.string(),
  unitUsd: z.number().nullable(),
  /** Null when its price or quantity is unknown; then `reason` says why. */
  monthlyUsd: z.number().nullable(),
  source: z.string().nullable(),
  /** configuration, price-list (AWS Price List API) or built-in. */
  priceOrigin: z.enum(['configuration', 'price-list', 'built-in']).optional(),
  priceAsOf: z.string().nullable().optional(),
  /** Config path of the assumed quantity (streaming.pricing.assumptions[i]). */
  assumedIn: z.string().optional(),
  reason: z.string().optional(),
});

export const costEstimateSchema = z.object({
  region: z.string(),
  /** Sum of the known parts (730 hours a month). */
  monthlyUsd: z.number(),
  /** False when some part's price is unknown: `unknownParts` says which and why. */
  complete: z.boolean(),
  parts: z.array(costPartSchema),
  unknownParts: z.array(z.object({ item: z.string(), reason: z.string() })),
  hoursPerMonth: z.number(),
  gbUnit: z.string(),
  notes: z.array(z.string()),
});

export const rightsizingSchema = z.object({
  recommendations: z.array(
    z.object({
      ruleId: z.string(),
      kind: z.enum(['downsize', 'upsize', 'near-threshold']),
      message: z.string(),
      value: z.number(),
      threshold: z.number(),
      options: z.array(
        z.object({
          change: z.string(),
          parallelism: z.number().optional(),
          parallelismPerKpu: z.number().optional(),
          instanceType: z.string().optional(),
          brokerCount: z.number().optional(),
          /** Monthly cost difference in USD (negative is a saving); null when a price is unknown. */
          monthlyUsdDelta: z.number().nullable(),
        }),
      ),
    }),
  ),
  notes: z.array(z.string()),
});

/**
 * The lower-bound flag carried by every figure derived from an estimate: true
 * when the estimate is incomplete, so the figure is "at least" and `missing`
 * names the unknown parts (their descriptions), e.g. "≥ $12.40 (missing: Data in)".
 */
const lowerBoundFields = {
  lowerBound: z.boolean(),
  missing: z.array(z.string()),
};

/** What an asset costs and what it gets for it. */
export const assetCostSchema = z.object({
  estimate: costEstimateSchema,
  /**
   * True when the estimate is incomplete: the monthly cost, cost per GB,
   * chargeback shares and owner roll-ups are all lower bounds. Set by the
   * backend on every cost; optional only for older clients' fixtures.
   */
  lowerBound: z.boolean().optional(),
  /** Descriptions of the unknown parts when `lowerBound`. */
  missing: z.array(z.string()).optional(),
  /** USD per GB in and out over the month, from average throughput; null without throughput. A lower bound when `lowerBound`. */
  usdPerGbIn: z.number().nullable(),
  usdPerGbOut: z.number().nullable(),
  /** Flink: USD per million records in. */
  usdPerMillionRecords: z.number().nullable().optional(),
  /**
   * A shared cluster's split over its topics, with the basis used. Team
   * shares + platform overhead + unallocated = `totalUsd`, to the cent.
   */
  chargeback: z
    .object({
      basis: z.enum(['bytes-in', 'partitions', 'none']),
      basisDescription: z.string(),
      /** The cluster's cost rounded to the cent (a lower bound when `lowerBound`). */
      totalUsd: z.number(),
      /** Internal topics (streaming.chargeback.internalTopicPattern): charged to no team. */
      platformOverhead: z.object({
        usd: z.number(),
        /** The pattern internal topics match. */
        pattern: z.string(),
        topics: z.array(z.object({ arn: z.string(), usd: z.number() })),
      }),
      /** The cost no topic carries (nothing to split by). */
      unallocatedUsd: z.number(),
      ...lowerBoundFields,
      shares: z.array(
        z.object({
          arn: z.string(),
          owner: z.string().nullable(),
          usd: z.number(),
          /** Its part of the shared fixed cost (brokers, provisioned storage and throughput). */
          fixedUsd: z.number().optional(),
          /** The usage-priced parts it caused (per-GB data, partition-hours). */
          usageUsd: z.number().optional(),
          /** How the share was worked out, in words. */
          basisDescription: z.string().optional(),
        }),
      ),
      byOwner: z.array(
        z.object({
          owner: z.string(),
          usd: z.number(),
          topicCount: z.number(),
        }),
      ),
    })
    .optional(),
  /** A topic's share of its cluster's cost. */
  share: z
    .object({
      usd: z.number(),
      basis: z.enum(['bytes-in', 'partitions', 'none']),
      clusterArn: z.string(),
      /** An internal topic: its share is the cluster's platform overhead, charged to no team. */
      platformOverhead: z.boolean().optional(),
      fixedUsd: z.number().optional(),
      usageUsd: z.number().optional(),
      /** How the share was worked out, in words. */
      basisDescription: z.string().optional(),
      ...lowerBoundFields,
    })
    .optional(),
  rightsizing: rightsizingSchema.optional(),
});
export type AssetCost = z.infer<typeof assetCostSchema>;

/** KPU usage of a Managed Flink application. */
export const kpuUsageSchema = z.object({
  /** ceil(CurrentParallelism / ParallelismPerKPU) + orchestration KPU(s); 0 when stopped; null when unknown. */
  inUse: z.number().nullable(),
  processing: z.number().nullable(),
  overhead: z.number(),
  parallelism: z.number(),
  parallelismPerKpu: z.number(),
  basis: z.string(),
  /** The CloudWatch `KPUs` metric and whether it agrees with the formula. */
  crossCheck: z.object({
    status: z.enum(['agree', 'disagree', 'no-metric']),
    metric: z.number().nullable(),
    message: z.string(),
  }),
  limit: z.number(),
  percentOfLimit: z.number().nullable(),
  /** Changes of CurrentParallelism seen by refreshes in the last 30 days, oldest first. */
  autoscalingEvents: z
    .array(
      z.object({
        at: z.string(),
        direction: z.enum(['up', 'down']),
        fromParallelism: z.number(),
        toParallelism: z.number(),
        pattern: z.enum(['autoscale-up', 'autoscale-down', 'other']),
      }),
    )
    .optional(),
});
export type KpuUsage = z.infer<typeof kpuUsageSchema>;
