import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { StreamingAwsConfig } from '@backstage-streaming/plugin-streaming-node';
import { createHash } from 'node:crypto';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  getMetric,
  isMetricId,
  isMetricRange,
  METRIC_RANGE_IDS,
  metricApplies,
  packEntityAnswer,
  parseStreamingArn,
  SHARED_ESTIMATES_PARAM,
  streamingRefreshPermission,
  streamingStatusReadPermission,
} from '@backstage-streaming/plugin-streaming-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { InventoryStore } from '../database/InventoryStore';
import { EntityAnswer } from './EntityAnswer';
import { AssetAccess } from './AssetAccess';
import { MetricSeriesService } from '../metrics/MetricSeriesService';
import { RateLimiter } from '../metrics/RateLimiter';
import { metricContextOf, scopeError, seriesFor } from '../metrics/seriesFor';
import { createScaffolderRoutes } from './scaffolderRoutes';
import { callerKeyOf } from './CallerCaches';
import { TtlCache } from './TtlCache';
import { ResolutionCache } from './ResolutionCache';
import type { ResolvedPricing } from '@backstage-streaming/plugin-streaming-common';
import type { PricingSource } from '../pricing/CurrentPricing';

// Entity name parts as the catalog allows them (catalog-model's validators), bounded in length.
const segment = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'may only contain letters, digits, ".", "_" and "-"',
  );
const entityPathSchema = z.object({
  namespace: segment,
  kind: segment,
  name: segment,
});

/**
 * Whether the entity answer should write each repeated cost estimate once
 * (`?sharedEstimates=true`, as the entity page asks; packEntityAnswer).
 */
function sharedEstimatesOf(query: express.Request['query']): boolean {
  const value = query[SHARED_ESTIMATES_PARAM];
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new InputError(
    `Invalid sharedEstimates: use true or false, got ${JSON.stringify(value)}`,
  );
}

const metricsQuerySchema = z.object({
  arn: z
    .string({ required_error: 'arn is required' })
    .min(1, 'arn is required'),
  metric: z
    .string({ required_error: 'metric is required' })
    .min(1, 'metric is required'),
  range: z.string().default('24h'),
  entityRef: z
    .string({
      required_error:
        'entityRef is required: the entity whose page shows the chart, e.g. component:default/orders-service',
    })
    .min(1, 'entityRef is required'),
});

/** Starts the scheduled refresh now, unless one runs or just ran. */
export type RefreshTrigger = () => Promise<{
  state: 'started' | 'already-running' | 'recently-refreshed';
  lastRefreshAt?: string;
}>;

export interface RouterOptions {
  metricSeries: MetricSeriesService;
  rateLimiter: RateLimiter;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  store: InventoryStore;
  answer: EntityAnswer;
  access: AssetAccess;
  awsConfig: StreamingAwsConfig;
  triggerRefresh: RefreshTrigger;
  /** Prices proposals for the scaffolder (POST /v1/estimate): fixed, or the prices in force. */
  pricing: ResolvedPricing | PricingSource;
  /**
   * Per-caller caches of the entity endpoint (docs/permissions.md), each
   * entry kept at most streaming.entityCache.ttlSeconds and dropped when a
   * refresh or derivation completes; without them every request reads the
   * catalog and assembles its answer.
   */
  entityCaches?: EntityCaches;
}

/** A serialised answer as sent: its UTF-8 bytes and their ETag. */
export interface EncodedAnswer {
  body: Buffer;
  etag?: string;
}

export interface EntityCaches {
  /** The catalog's answer for an entity ref, by caller and ref. */
  entities: TtlCache<Entity>;
  /**
   * The serialised answer, by entity ref, streaming annotations, the caller's
   * streaming.asset.read and streaming.cost.read decisions and the refresh
   * statuses: callers with the same decisions get the same bytes.
   */
  answers: TtlCache<EncodedAnswer>;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    catalog,
    store,
    answer,
    access,
    awsConfig,
    triggerRefresh,
    metricSeries,
    rateLimiter,
    entityCaches,
  } = options;
  const router = Router();
  router.use(express.json());
  router.use(
    createScaffolderRoutes({
      httpAuth,
      access,
      store,
      pricing: options.pricing,
    }),
  );

  router.get('/v1/entity/:namespace/:kind/:name', async (req, res) => {
    const parsed = entityPathSchema.safeParse(req.params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(
        `Invalid entity path: ${issue.path.join('.')} ${issue.message}`,
      );
    }
    const sharedEstimates = sharedEstimatesOf(req.query);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const ref = {
      kind: parsed.data.kind.toLocaleLowerCase('en-US'),
      namespace: parsed.data.namespace.toLocaleLowerCase('en-US'),
      name: parsed.data.name,
    };
    // Asking the catalog with the caller's credentials applies
    // catalog.entity.read; cached per caller, never shared between callers.
    const readEntity = () => catalog.getEntityByRef(ref, { credentials });
    const entity = entityCaches
      ? await entityCaches.entities.getOrLoad(
          `${callerKeyOf(credentials)}\n${stringifyEntityRef(ref)}`,
          readEntity,
        )
      : await readEntity();
    if (!entity) {
      throw new NotFoundError(
        `No entity ${stringifyEntityRef(ref)} in the catalog`,
      );
    }
    // Each asset is authorized on its own (streaming.asset.read and
    // streaming.cost.read): the annotations say what the page asks for, not
    // what the caller may see.
    const decisions = await access.policyDecisions(credentials);
    const assemble = async () => {
      const resolved = await answer.resolve(entity, assets =>
        access.decide(assets, credentials, decisions),
      );
      return JSON.stringify(
        sharedEstimates ? packEntityAnswer(resolved) : resolved,
      );
    };
    if (!entityCaches) {
      res.type('json').send(await assemble());
      return;
    }
    // Everything the answer depends on is in the key, apart from the stored
    // rows, whose writes (refresh, derivation) clear the cache.
    const shapedBy = createHash('sha256')
      .update(JSON.stringify([decisions, await store.listRefreshStatus()]))
      .digest('base64url');
    const cached = await entityCaches.answers.getOrLoad(
      `${ResolutionCache.keyOf(entity)}\n${shapedBy}\n${sharedEstimates}`,
      async () => {
        // Encoded and tagged once, as res.json would on every request.
        const body = Buffer.from(await assemble(), 'utf-8');
        const etagOf = req.app.get('etag fn');
        return { body, etag: etagOf ? String(etagOf(body)) : undefined };
      },
    );
    res.set('Content-Type', 'application/json; charset=utf-8');
    if (cached.etag) res.set('ETag', cached.etag);
    res.send(cached.body);
  });

  router.get('/v1/metrics', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const parsed = metricsQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      throw new InputError(parsed.error.issues.map(i => i.message).join('; '));
    }
    const { arn, metric: metricId, range, entityRef } = parsed.data;
    if (!parseStreamingArn(arn)) {
      throw new InputError(
        `arn '${arn}' is not an MSK cluster, topic, consumer group or Flink application ARN`,
      );
    }
    if (!isMetricId(metricId)) {
      throw new InputError(
        `Unknown metric '${metricId}'; see the metric table in docs/health.md for the ids`,
      );
    }
    if (!isMetricRange(range)) {
      throw new InputError(
        `range must be one of ${METRIC_RANGE_IDS.join(', ')}, got '${range}'`,
      );
    }

    const limit = rateLimiter.take(
      credentials.principal.type === 'user'
        ? credentials.principal.userEntityRef
        : `service:${credentials.principal.type}`,
    );
    if (!limit.allowed) {
      res.setHeader('Retry-After', String(limit.retryAfterSeconds));
      res.status(429).json({
        error: {
          name: 'TooManyRequestsError',
          message: `Too many chart requests; try again in ${limit.retryAfterSeconds} s`,
        },
        response: { statusCode: 429 },
      });
      return;
    }

    // Authorized before anything about the ARN is looked up, so the answer
    // is the same whether an asset the caller may not read exists or not.
    const asset = await authorizeAssetRead(arn, entityRef, credentials);

    const metric = getMetric(metricId);
    const cluster =
      asset.assetType === 'kafka-topic' || asset.assetType === 'consumer-group'
        ? (await store.getAssetsByArns([asset.clusterArn])).find(
            (a): a is Extract<typeof a, { assetType: 'kafka-cluster' }> =>
              a.assetType === 'kafka-cluster',
          )
        : undefined;
    const wrongAsset = scopeError(metric, asset);
    if (wrongAsset) throw new InputError(wrongAsset);
    if (!metricApplies(metric, metricContextOf(asset, cluster))) {
      throw new InputError(
        `${metric.id} (${metric.metricName}) is not published for ${asset.name}: its cluster type, monitoring level or runtime does not report it`,
      );
    }
    const planned = seriesFor(metric, asset, cluster);
    if ('error' in planned) {
      throw new InputError(planned.error);
    }
    res.json(
      await metricSeries.getSeries({
        asset,
        metric,
        range,
        series:
          'discover' in planned
            ? { discover: planned.discover }
            : planned.series,
      }),
    );
  });

  /**
   * The caller must see the entity in the catalog, the entity must attach the
   * asset, and the caller must be allowed streaming.asset.read on the asset:
   * the same access as the entity's page, so a chart shows nothing more. An
   * asset that is unknown, not attached or not readable gets the same 404.
   */
  async function authorizeAssetRead(
    arn: string,
    entityRef: string,
    credentials: Awaited<ReturnType<HttpAuthService['credentials']>>,
  ) {
    let entity;
    try {
      entity = await catalog.getEntityByRef(entityRef, { credentials });
    } catch (error) {
      throw new InputError(
        `entityRef '${entityRef}' is not a valid entity ref: ${
          (error as Error).message
        }`,
      );
    }
    if (!entity)
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    const attached = await answer.attachments(entity);
    const asset = [
      ...attached.clusters,
      ...attached.topics,
      ...attached.applications,
      ...attached.consumerGroups,
    ].find(a => a.arn === arn);
    const readable = asset
      ? (await access.decide([asset], credentials)).read.has(arn)
      : false;
    if (!asset || !readable) {
      throw new NotFoundError(
        `${entityRef} attaches no streaming asset ${arn} that you may read`,
      );
    }
    return asset;
  }

  router.post('/v1/refresh', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: streamingRefreshPermission }],
      {
        credentials,
      },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'You are not allowed to start a streaming inventory refresh',
      );
    }
    res.status(202).json(await triggerRefresh());
  });

  router.get('/v1/status', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    // Every account id, region and AWS error text (role ARNs): not for everyone.
    const [decision] = await permissions.authorize(
      [{ permission: streamingStatusReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'You are not allowed to see the streaming refresh status (streaming.status.read)',
      );
    }
    const statuses = await store.listRefreshStatus();
    // Every configured account-region appears, "pending" until its first refresh ends.
    const accountRegions = awsConfig.accounts.flatMap(account =>
      account.regions.map(region => {
        const status = statuses.find(
          s => s.accountId === account.accountId && s.region === region,
        );
        if (!status) {
          return {
            accountId: account.accountId,
            region,
            state: 'pending' as const,
          };
        }
        return {
          ...status,
          state: status.lastErrorCode ? ('error' as const) : ('ok' as const),
        };
      }),
    );
    res.json({
      accountRegions,
      assets: await store.countAssets(),
      // Stored rows that no longer fit the schema, skipped by every read (and logged once each).
      skippedRows: store.skippedRowCount(),
    });
  });

  /**
   * The bench's reference route (docs/benchmarks.md): credentials checked and
   * one small row read, the least work an authenticated route of this plugin
   * does. It says only whether the first configured account-region has
   * refreshed, nothing /v1/status guards.
   */
  router.get('/v1/ping', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const first = awsConfig.accounts[0];
    const status =
      first && first.regions.length > 0
        ? await store.getRefreshStatus(first.accountId, first.regions[0])
        : undefined;
    res.json({ ok: true, refreshed: Boolean(status?.lastSuccessAt) });
  });

  return router;
}
