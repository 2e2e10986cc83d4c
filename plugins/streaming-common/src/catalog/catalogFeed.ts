import { z } from 'zod';
import { assetTypeSchema, clusterTypeSchema } from '../schema';

/**
 * The streaming backend's internal catalog feed (service principals only):
 * what the catalog entity provider and processor read, so they never call
 * AWS themselves (docs/catalog.md).
 */

/** One asset as the catalog provider needs it. */
export const catalogFeedAssetSchema = z.object({
  arn: z.string(),
  assetType: assetTypeSchema,
  name: z.string(),
  accountId: z.string(),
  region: z.string(),
  /** A topic's or consumer group's cluster. */
  clusterArn: z.string().nullable(),
  clusterName: z.string().nullable(),
  /** A cluster's type (standard, express, serverless). */
  clusterType: clusterTypeSchema.nullable(),
  /** The inventory's owner (tags, group mapping, else the attaching entities' owner), null when unknown. */
  owner: z.string().nullable(),
  tags: z.record(z.string()),
  /** Deleted in AWS, as a successful listing found. */
  gone: z.boolean(),
  /** The last refresh of its account-region failed: this is the last known state. */
  stale: z.boolean(),
  /**
   * ARNs of the assets it depends on: a topic its cluster, a consumer group
   * the topics it reads, a Flink application the topics its property groups name.
   */
  dependsOn: z.array(z.string()),
});
export type CatalogFeedAsset = z.infer<typeof catalogFeedAssetSchema>;

export const catalogFeedPageSchema = z.object({
  items: z.array(catalogFeedAssetSchema),
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: z.string().nullable(),
});
export type CatalogFeedPage = z.infer<typeof catalogFeedPageSchema>;

export const catalogFeedStateSchema = z.object({
  /** Changes whenever a refresh stores something; equal values mean nothing new to read. */
  generation: z.string(),
  accountRegions: z.array(
    z.object({
      accountId: z.string(),
      region: z.string(),
      state: z.enum(['ok', 'error', 'pending']),
    }),
  ),
});
export type CatalogFeedState = z.infer<typeof catalogFeedStateSchema>;

export const catalogFeedAttachmentsSchema = z.object({
  /** The assets an entity's annotations attach, as the last refresh resolved them. */
  arns: z.array(z.string()),
});
