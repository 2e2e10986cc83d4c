import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  createConditionTransformer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  CHARGEBACK_GROUP_BY,
  ChargebackModel,
  ChargebackResponse,
  CostHistoryResponse,
  ESTATE_DEFAULT_LIMIT,
  ESTATE_LISTS,
  ESTATE_MAX_LIMIT,
  ESTATE_SORT_FIELDS,
  EstateAssetRow,
  EstateCostVisibility,
  EstateList,
  EstateListResponse,
  EstateSortField,
  EstateSummaryResponse,
  SavingsResponse,
  StreamingAssetResource,
  streamingAssetReadPermission,
  streamingCostReadPermission,
} from '@backstage-streaming/plugin-streaming-common';
import type { StreamingAssetQuery } from '@backstage-streaming/plugin-streaming-node';
import { createHash } from 'node:crypto';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  AssetScope,
  decodeEstateCursor,
  EstateAccess,
  EstateCursor,
  EstateListParams,
  EstateQueries,
} from '../database/EstateQueries';
import { CostHistoryStore, ESTATE_KEY } from '../database/CostHistoryStore';
import { streamCsv } from './csv';
import type { ActualCostService } from '../billing/ActualCostService';
import type { DecisionCache } from './CallerCaches';
import type { TtlCache } from './TtlCache';
import type { EncodedAnswer } from './router';

export interface EstateRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  queries: EstateQueries;
  /** The daily cost history: `/v1/history` reads it. */
  history: CostHistoryStore;
  /** Keeps each caller's read and cost decisions for at most the entity cache TTL. */
  decisions?: DecisionCache;
  /** Keeps a list's total count for at most the entity cache TTL (the count is the costliest query of a page). */
  counts?: TtlCache<number>;
  /**
   * Keeps serialised list, summary and chargeback answers for at most the
   * entity cache TTL, by route, parameters, the caller's decisions (as
   * conditions) and the refresh coverage: callers with the same decisions get
   * the same bytes; a refresh or derivation clears it.
   */
  answers?: TtlCache<EncodedAnswer>;
  /** How shared clusters' fixed cost is split (streaming.chargeback.model). */
  chargebackModel: ChargebackModel;
  /** Actual cost from the cached Cost Explorer answers; absent, the summary has none. */
  actualCost?: ActualCostService;
  /** The `streaming-asset` rules, resolved on use (modules may add rules). */
  getRuleset: () => PermissionRuleset<
    StreamingAssetResource,
    StreamingAssetQuery
  >;
}

/** Rows per query while a CSV export streams. */
const CSV_BATCH = 500;

const SORT_PATTERN = new RegExp(
  `^(${ESTATE_SORT_FIELDS.join('|')}):(asc|desc)$`,
);

/** A parameter given once, as text. */
const once = (name: string, accepts: string) =>
  z.string({
    invalid_type_error: `${name} must be given once; it accepts ${accepts}`,
  });

const limitParam = once('limit', `a whole number from 1 to ${ESTATE_MAX_LIMIT}`)
  .regex(/^\d+$/, `limit accepts a whole number from 1 to ${ESTATE_MAX_LIMIT}`)
  .transform(Number)
  .refine(
    n => n >= 1 && n <= ESTATE_MAX_LIMIT,
    `limit accepts a whole number from 1 to ${ESTATE_MAX_LIMIT}`,
  );
const cursorParam = once('cursor', 'the nextCursor of the page before').max(
  4096,
  'cursor accepts only the nextCursor of the page before',
);
const formatParam = z.enum(['json', 'csv'], {
  errorMap: () => ({ message: 'format accepts json or csv' }),
});

const ownerParam = once('owner', 'an owner entity ref')
  .min(1, 'owner accepts an entity ref, e.g. group:default/team-orders')
  .max(512, 'owner accepts an entity ref of at most 512 characters')
  .transform((value, ctx) => {
    try {
      return stringifyEntityRef(
        parseEntityRef(value, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      );
    } catch {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `owner accepts an entity ref, e.g. group:default/team-orders; got '${value}'`,
      });
      return z.NEVER;
    }
  });

const listQuerySchema = z
  .object({
    limit: limitParam.optional(),
    cursor: cursorParam.optional(),
    orderBy: once('orderBy', `<field>:asc|desc`)
      .regex(
        SORT_PATTERN,
        `orderBy accepts <field>:asc or <field>:desc with field one of ${ESTATE_SORT_FIELDS.join(
          ', ',
        )}`,
      )
      .optional(),
    accountId: once('accountId', 'a 12-digit AWS account id')
      .regex(/^\d{12}$/, 'accountId accepts a 12-digit AWS account id')
      .optional(),
    region: once('region', 'an AWS region, e.g. eu-west-1')
      .regex(
        /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/,
        'region accepts an AWS region, e.g. eu-west-1',
      )
      .optional(),
    clusterType: z
      .enum(['standard', 'express', 'serverless'], {
        errorMap: () => ({
          message: 'clusterType accepts standard, express or serverless',
        }),
      })
      .optional(),
    owner: ownerParam.optional(),
    healthStatus: z
      .enum(['healthy', 'warning', 'critical', 'unknown'], {
        errorMap: () => ({
          message: 'healthStatus accepts healthy, warning, critical or unknown',
        }),
      })
      .optional(),
    unowned: z
      .enum(['true', 'false'], {
        errorMap: () => ({ message: 'unowned accepts true or false' }),
      })
      .transform(v => v === 'true')
      .optional(),
    q: once('q', 'a name search of 1 to 200 characters')
      .min(1, 'q accepts a name search of 1 to 200 characters')
      .max(200, 'q accepts a name search of 1 to 200 characters')
      .optional(),
    format: formatParam.optional(),
  })
  .strict();

const chargebackQuerySchema = z
  .object({
    groupBy: z
      .enum(CHARGEBACK_GROUP_BY, {
        errorMap: () => ({
          message: `groupBy accepts ${CHARGEBACK_GROUP_BY.join(', ')}`,
        }),
      })
      .default('owner'),
    format: formatParam.optional(),
  })
  .strict();

/** `owner` narrows every figure to that owner's assets (a Group page's card). */
const summaryQuerySchema = z.object({ owner: ownerParam.optional() }).strict();

const savingsQuerySchema = z
  .object({ limit: limitParam.optional(), cursor: cursorParam.optional() })
  .strict();

const historyQuerySchema = z
  .object({
    scope: z
      .enum(['estate', 'owner'], {
        errorMap: () => ({ message: 'scope accepts estate or owner' }),
      })
      .default('estate'),
    key: ownerParam.optional(),
    days: once('days', 'a whole number of days from 1 to 400')
      .regex(/^\d+$/, 'days accepts a whole number of days from 1 to 400')
      .transform(Number)
      .refine(
        n => n >= 1 && n <= 400,
        'days accepts a whole number of days from 1 to 400',
      )
      .default('30'),
  })
  .strict()
  .refine(q => q.scope === 'estate' || q.key !== undefined, {
    message: 'key is required with scope=owner: an owner entity ref',
    path: ['key'],
  });

/** The query, or a 400 naming each bad parameter and what it accepts. */
function parseQuery<T extends z.ZodTypeAny>(
  schema: T,
  query: unknown,
): z.output<T> {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  throw new InputError(
    parsed.error.issues
      .map(issue =>
        issue.code === z.ZodIssueCode.unrecognized_keys
          ? `Unknown parameter ${issue.keys.join(', ')}`
          : issue.message,
      )
      .join('; '),
  );
}

const COST_DENIED =
  'You may not see streaming costs (streaming.cost.read): cost fields are left out';
const COST_PARTIAL =
  'You may see the cost of some assets only (streaming.cost.read): cost fields of the others are left out, and totals cover only the costs you may see';

function costVisibility(access: EstateAccess): EstateCostVisibility {
  if (access.cost.kind === 'all') return { shown: 'all' };
  if (access.cost.kind === 'none') {
    return { shown: 'none', reason: COST_DENIED };
  }
  return { shown: 'some', reason: COST_PARTIAL };
}

function historyCostVisibility(access: EstateAccess): EstateCostVisibility {
  if (access.cost.kind === 'none')
    return { shown: 'none', reason: COST_DENIED };
  return {
    shown: 'some',
    reason:
      'Daily totals cover the whole estate, which you may not see all of (streaming.asset.read, streaming.cost.read): only changes of clusters and applications whose cost you may see are shown',
  };
}

const LIST_COLUMNS: Array<keyof EstateAssetRow> = [
  'arn',
  'assetType',
  'name',
  'accountId',
  'region',
  'clusterType',
  'clusterName',
  'clusterArn',
  'owner',
  'unowned',
  'claimedBy',
  'healthStatus',
  'bytesInPerSec',
  'bytesOutPerSec',
  'maxLag',
  'kpus',
  'kpuLimitUsage',
  'partitions',
  'stale',
  'entityRefs',
];
const LIST_COST_COLUMNS: Array<keyof EstateAssetRow> = [
  'monthlyUsd',
  'costComplete',
  'usdPerGbIn',
  'savingUsd',
];

/**
 * The estate API: lists, summary, chargeback, savings and history of the
 * stored asset views. The caller's `streaming.asset.read` and
 * `streaming.cost.read` decisions are asked once per request and applied in
 * the queries.
 */
export function createEstateRouter(
  options: EstateRouterOptions,
): express.Router {
  const { httpAuth, permissions, queries, history } = options;
  const router = Router();

  async function accessOf(
    credentials: BackstageCredentials,
  ): Promise<EstateAccess> {
    const [read, cost] = options.decisions
      ? await options.decisions.decisionsOf(credentials)
      : await permissions.authorizeConditional(
          [
            { permission: streamingAssetReadPermission },
            { permission: streamingCostReadPermission },
          ],
          { credentials },
        );
    const transform = createConditionTransformer(options.getRuleset());
    const scopeOf = (decision: PolicyDecision): AssetScope => {
      if (decision.result === AuthorizeResult.ALLOW) return { kind: 'all' };
      if (decision.result === AuthorizeResult.CONDITIONAL) {
        return { kind: 'some', criteria: transform(decision.conditions) };
      }
      return { kind: 'none' };
    };
    const access = { read: scopeOf(read), cost: scopeOf(cost) };
    // Denied outright (not conditionally): the estate has nothing for this
    // caller, so say so rather than answer an empty estate.
    if (access.read.kind === 'none') {
      throw new NotAllowedError(
        'You may not read streaming assets (streaming.asset.read); ask your Backstage administrators for access',
      );
    }
    return access;
  }

  // Every route needs a caller: a 401 without credentials.
  const authenticate = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  const wantsCsv = (req: express.Request, format?: string) =>
    format === 'csv' ||
    (format === undefined &&
      req.accepts(['application/json', 'text/csv']) === 'text/csv');

  /**
   * Sends `build`'s answer as JSON, from the answer cache when one is given.
   * `key` must hold everything the answer depends on apart from the stored
   * rows (whose writes clear the cache): the route, its parameters, the
   * caller's access and the coverage read for this request.
   */
  async function sendAnswer(
    req: express.Request,
    res: express.Response,
    key: unknown[],
    build: () => Promise<unknown>,
  ): Promise<void> {
    if (!options.answers) {
      res.json(await build());
      return;
    }
    const cached = await options.answers.getOrLoad(
      createHash('sha256').update(JSON.stringify(key)).digest('base64url'),
      async () => {
        // Encoded and tagged once, as res.json would on every request.
        const body = Buffer.from(JSON.stringify(await build()), 'utf-8');
        const etagOf = req.app.get('etag fn');
        return { body, etag: etagOf ? String(etagOf(body)) : undefined };
      },
    );
    res.set('Content-Type', 'application/json; charset=utf-8');
    if (cached.etag) res.set('ETag', cached.etag);
    res.send(cached.body);
  }

  function decodeCursor(text: string, orderBy: string): EstateCursor {
    const cursor = decodeEstateCursor(text);
    if (!cursor) {
      throw new InputError(
        'cursor accepts only the nextCursor of the page before; start again without cursor',
      );
    }
    if (cursor.orderBy !== orderBy) {
      throw new InputError(
        `cursor was made for orderBy=${cursor.orderBy}, not ${orderBy}; start again without cursor`,
      );
    }
    return cursor;
  }

  for (const [segment, assetType] of Object.entries(ESTATE_LISTS) as Array<
    [EstateList, (typeof ESTATE_LISTS)[EstateList]]
  >) {
    router.get(`/v1/${segment}`, async (req, res) => {
      const credentials = await authenticate(req);
      const query = parseQuery(listQuerySchema, req.query);
      const access = await accessOf(credentials);
      const orderBy = query.orderBy ?? 'name:asc';
      const [field, direction] = orderBy.split(':') as [
        EstateSortField,
        'asc' | 'desc',
      ];
      const filters = {
        accountId: query.accountId,
        region: query.region,
        clusterType: query.clusterType,
        owner: query.owner,
        healthStatus: query.healthStatus,
        unowned: query.unowned,
        q: query.q,
      };
      const params: EstateListParams = {
        assetType,
        limit: query.limit ?? ESTATE_DEFAULT_LIMIT,
        sort: { field, direction },
        cursor: query.cursor ? decodeCursor(query.cursor, orderBy) : undefined,
        filters,
      };

      if (wantsCsv(req, query.format)) {
        // The whole filtered, sorted list, a batch at a time.
        const columns = [
          ...LIST_COLUMNS,
          ...(access.cost.kind === 'none' ? [] : LIST_COST_COLUMNS),
        ];
        await streamCsv(
          res,
          `${segment}.csv`,
          columns,
          (async function* batches() {
            let cursor = params.cursor;
            do {
              const page = await queries.listPage(
                { ...params, limit: CSV_BATCH, cursor },
                access,
              );
              yield page.items.map(item => columns.map(c => item[c]));
              cursor = page.nextCursor
                ? decodeEstateCursor(page.nextCursor)
                : undefined;
            } while (cursor);
          })(),
        );
        return;
      }

      const coverage = await queries.coverage(access);
      const countRows = () => queries.count(assetType, filters, access);
      // Kept by everything they depend on: the list, its parameters, the
      // caller's decisions, and the refresh status (any replica's refresh
      // changes it); a refresh or derivation here clears them.
      await sendAnswer(
        req,
        res,
        [segment, query, access, coverage],
        async (): Promise<EstateListResponse> => {
          const [page, totalCount] = await Promise.all([
            queries.listPage(params, access),
            options.counts
              ? options.counts.getOrLoad(
                  JSON.stringify([assetType, filters, access, coverage]),
                  countRows,
                )
              : countRows(),
          ]);
          return {
            items: page.items,
            totalCount,
            nextCursor: page.nextCursor,
            cost: costVisibility(access),
            coverage,
          };
        },
      );
    });
  }

  router.get('/v1/summary', async (req, res) => {
    const credentials = await authenticate(req);
    const query = parseQuery(summaryQuerySchema, req.query);
    const access = await accessOf(credentials);
    const coverage = await queries.coverage(access);
    await sendAnswer(
      req,
      res,
      ['summary', query.owner ?? null, access, coverage],
      async (): Promise<EstateSummaryResponse> => {
        const summary = await queries.summary(access, query.owner);
        // The bill is for the whole estate: an owner's summary has none.
        const actual =
          options.actualCost && query.owner === undefined
            ? await options.actualCost.forEstate(
                {
                  ...summary,
                  byOwner: options.actualCost.enabled
                    ? await queries.moneyByTagOwner(access)
                    : [],
                },
                access.cost.kind === 'all' && !coverage.restricted,
              )
            : undefined;
        return {
          ...summary,
          ...(actual ? { actual } : {}),
          cost: costVisibility(access),
          coverage,
        };
      },
    );
  });

  router.get('/v1/actual-cost/owner', async (req, res) => {
    const credentials = await authenticate(req);
    if (req.query.owner === undefined) {
      throw new InputError(
        'owner is required, e.g. ?owner=group:default/team-orders',
      );
    }
    const query = parseQuery(
      z.object({ owner: ownerParam }).strict(),
      req.query,
    );
    if (!options.actualCost) {
      throw new NotFoundError('Actual cost is not served by this backend');
    }
    const access = await accessOf(credentials);
    const coverage = await queries.coverage(access);
    // The bill is not split by permission: only for callers who may see every asset's cost.
    const permitted = access.cost.kind === 'all' && !coverage.restricted;
    res.json(
      await options.actualCost.forOwner(
        query.owner,
        permitted && options.actualCost.enabled
          ? await queries.moneyByTagOwner(access)
          : [],
        permitted,
      ),
    );
  });

  router.get('/v1/chargeback', async (req, res) => {
    const credentials = await authenticate(req);
    const query = parseQuery(chargebackQuerySchema, req.query);
    const access = await accessOf(credentials);
    const coverage = await queries.coverage(access);
    const build = async (): Promise<ChargebackResponse> => ({
      ...(await queries.chargeback(
        query.groupBy,
        access,
        options.chargebackModel,
      )),
      cost: costVisibility(access),
      coverage,
    });
    if (wantsCsv(req, query.format)) {
      const body = await build();
      const costColumns = access.cost.kind !== 'none';
      const header = [
        'key',
        ...(costColumns
          ? [
              'monthlyUsd',
              'complete',
              'dedicatedUsd',
              'sharedFixedUsd',
              'usageUsd',
            ]
          : []),
        'assetCount',
        'basis',
      ];
      const lines = [...body.rows, body.unowned, body.platformOverhead].map(
        row => [
          row.key,
          ...(costColumns
            ? [
                row.monthlyUsd,
                row.complete,
                row.dedicatedUsd,
                row.sharedFixedUsd,
                row.usageUsd,
              ]
            : []),
          row.assetCount,
          row.basis.join('; '),
        ],
      );
      await streamCsv(
        res,
        `chargeback-by-${query.groupBy}.csv`,
        header,
        (async function* single() {
          yield lines;
        })(),
      );
      return;
    }
    await sendAnswer(
      req,
      res,
      ['chargeback', query.groupBy, access, coverage],
      build,
    );
  });

  router.get('/v1/savings', async (req, res) => {
    const credentials = await authenticate(req);
    const query = parseQuery(savingsQuerySchema, req.query);
    const access = await accessOf(credentials);
    const [savings, coverage] = await Promise.all([
      queries.savings(
        {
          limit: query.limit ?? ESTATE_DEFAULT_LIMIT,
          cursor: query.cursor
            ? decodeCursor(query.cursor, 'saving:desc')
            : undefined,
        },
        access,
      ),
      queries.coverage(access),
    ]);
    const body: SavingsResponse = {
      ...savings,
      cost: costVisibility(access),
      coverage,
    };
    res.json(body);
  });

  router.get('/v1/history', async (req, res) => {
    const credentials = await authenticate(req);
    const query = parseQuery(historyQuerySchema, req.query);
    const access = await accessOf(credentials);
    // Stored totals cover every asset: only for a caller who may see all of them and their cost.
    const includeTotals =
      access.read.kind === 'all' && access.cost.kind === 'all';
    const key = query.scope === 'estate' ? ESTATE_KEY : query.key!;
    const [days, largestChanges] = await Promise.all([
      includeTotals
        ? history.series({ scope: query.scope, key, days: query.days })
        : [],
      history.largestChanges({
        days: query.days,
        ...(query.scope === 'owner' ? { owner: key } : {}),
        // Only clusters and applications whose cost the caller may see.
        ...(includeTotals
          ? {}
          : { assets: queries.costVisibleAssetArns(access) }),
      }),
    ]);
    const body: CostHistoryResponse = {
      scope: query.scope,
      key,
      days: days.map(d => ({
        day: d.day,
        monthlyUsd: d.monthlyUsd,
        complete: d.complete,
        bytesInPerSec: d.bytesInPerSec,
        backfilled: d.backfilled,
      })),
      largestChanges,
      cost: includeTotals ? { shown: 'all' } : historyCostVisibility(access),
    };
    res.json(body);
  });

  return router;
}
