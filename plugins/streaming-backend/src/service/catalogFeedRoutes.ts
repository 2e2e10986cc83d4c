import { HttpAuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  assetTypeSchema,
  CatalogFeedPage,
  CatalogFeedState,
} from '@backstage-streaming/plugin-streaming-common';
import type { StreamingAwsConfig } from '@backstage-streaming/plugin-streaming-node';
import { createHash } from 'node:crypto';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { AssetViewStore } from '../database/AssetViewStore';
import { InventoryStore } from '../database/InventoryStore';
import { DEFAULT_FLINK_TOPIC_KEYS, toCatalogFeed } from './catalogFeed';

/** The largest page a caller may ask for: bounds the memory of one request. */
export const MAX_FEED_PAGE = 1000;

const list = (what: string) =>
  z
    .string()
    .optional()
    .transform(value =>
      (value ?? '')
        .split(',')
        .map(v => v.trim())
        .filter(Boolean),
    )
    .describe(what);

const pageQuerySchema = z.object({
  after: z.string().optional(),
  limit: z.coerce
    .number({ invalid_type_error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(MAX_FEED_PAGE, `limit must be at most ${MAX_FEED_PAGE}`)
    .default(500),
  assetTypes: list('asset types').refine(
    types => types.every(t => assetTypeSchema.safeParse(t).success),
    `may only name ${assetTypeSchema.options.join(', ')}`,
  ),
  accountIds: list('account ids'),
  regions: list('regions'),
  flinkTopicKeys: list('Flink property keys naming topics'),
});

const attachmentsQuerySchema = z.object({
  entityRef: z
    .string({
      required_error:
        'entityRef is required, e.g. component:default/orders-service',
    })
    .min(1, 'entityRef is required, e.g. component:default/orders-service'),
});

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue.path.length
    ? `${issue.path.join('.')}: ${issue.message}`
    : issue.message;
}

/**
 * The internal catalog feed (docs/catalog.md): what the catalog entity
 * provider and processor read, for service principals only, so the catalog
 * never needs its own AWS access. Asset permissions do not apply: the caller
 * is the catalog backend, which applies catalog permissions to what it serves.
 */
export function createCatalogFeedRouter(options: {
  httpAuth: HttpAuthService;
  store: InventoryStore;
  views: AssetViewStore;
  awsConfig: StreamingAwsConfig;
}): express.Router {
  const { httpAuth, store, views, awsConfig } = options;
  const router = Router();

  router.get('/v1/internal/catalog/state', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    const statuses = await store.listRefreshStatus();
    const accountRegions = awsConfig.accounts.flatMap(account =>
      account.regions.map(region => {
        const status = statuses.find(
          s => s.accountId === account.accountId && s.region === region,
        );
        let state: CatalogFeedState['accountRegions'][number]['state'] =
          'pending';
        if (status) state = status.lastErrorCode ? 'error' : 'ok';
        return { accountId: account.accountId, region, state };
      }),
    );
    // Every refresh attempt rewrites its status row (and, when it succeeds,
    // the stored assets and owners), so the statuses say when to read again.
    const generation = createHash('sha256')
      .update(
        JSON.stringify(
          statuses.map(s => [
            s.accountId,
            s.region,
            s.lastAttemptAt,
            s.lastSuccessAt,
          ]),
        ),
      )
      .digest('base64url')
      .slice(0, 16);
    const body: CatalogFeedState = { generation, accountRegions };
    res.json(body);
  });

  router.get('/v1/internal/catalog/assets', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    const parsed = pageQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      throw new InputError(`Invalid query: ${firstIssue(parsed.error)}`);
    }
    const query = parsed.data;
    const assets = await store.pageAssets({
      after: query.after,
      limit: query.limit,
      assetTypes: query.assetTypes as z.infer<typeof assetTypeSchema>[],
      accountIds: query.accountIds,
      regions: query.regions,
    });
    const body: CatalogFeedPage = {
      items: await toCatalogFeed(
        store,
        assets,
        query.flinkTopicKeys.length
          ? query.flinkTopicKeys
          : DEFAULT_FLINK_TOPIC_KEYS,
      ),
      nextAfter:
        assets.length === query.limit ? assets[assets.length - 1].arn : null,
    };
    res.json(body);
  });

  router.get('/v1/internal/catalog/attachments', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    const parsed = attachmentsQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      throw new InputError(firstIssue(parsed.error));
    }
    let entityRef: string;
    try {
      entityRef = stringifyEntityRef(parseEntityRef(parsed.data.entityRef));
    } catch (error) {
      throw new InputError(
        `entityRef '${
          parsed.data.entityRef
        }' is not an entity ref (kind:namespace/name): ${
          (error as Error).message
        }`,
      );
    }
    res.json({ arns: await views.listAttachedArns(entityRef) });
  });

  return router;
}
