import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { StreamingAwsConfig } from '@backstage-streaming/plugin-streaming-node';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  streamingAssetReadPermission,
  streamingRefreshPermission,
} from '@backstage-streaming/plugin-streaming-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { InventoryStore } from '../database/InventoryStore';
import { EntityAssetResolver } from './EntityAssetResolver';

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

/** Starts the scheduled refresh now, unless one runs or just ran. */
export type RefreshTrigger = () => Promise<{
  state: 'started' | 'already-running' | 'recently-refreshed';
  lastRefreshAt?: string;
}>;

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  store: InventoryStore;
  resolver: EntityAssetResolver;
  awsConfig: StreamingAwsConfig;
  triggerRefresh: RefreshTrigger;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    catalog,
    store,
    resolver,
    awsConfig,
    triggerRefresh,
  } = options;
  const router = Router();
  router.use(express.json());

  router.get('/v1/entity/:namespace/:kind/:name', async (req, res) => {
    const parsed = entityPathSchema.safeParse(req.params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(
        `Invalid entity path: ${issue.path.join('.')} ${issue.message}`,
      );
    }
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const ref = {
      kind: parsed.data.kind.toLocaleLowerCase('en-US'),
      namespace: parsed.data.namespace.toLocaleLowerCase('en-US'),
      name: parsed.data.name,
    };
    // Asking the catalog with the caller's credentials applies catalog.entity.read.
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${stringifyEntityRef(ref)} in the catalog`,
      );
    }
    const [decision] = await permissions.authorize(
      [
        {
          permission: streamingAssetReadPermission,
          resourceRef: stringifyEntityRef(entity),
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to read the streaming assets of ${stringifyEntityRef(
          entity,
        )}`,
      );
    }
    res.json(await resolver.resolve(entity));
  });

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
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
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
    res.json({ accountRegions, assets: await store.countAssets() });
  });

  return router;
}
