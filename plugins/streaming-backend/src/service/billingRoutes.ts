import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AssetActualCost,
  priceList,
  PriceListRow,
} from '@backstage-streaming/plugin-streaming-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { ActualCostService } from '../billing/ActualCostService';
import type { AssetViewStore } from '../database/AssetViewStore';
import type { InventoryStore } from '../database/InventoryStore';
import type { PriceListStore } from '../database/PriceListStore';
import type { PricingSource } from '../pricing/CurrentPricing';
import type { AssetAccess } from './AssetAccess';

export interface BillingRoutesOptions {
  httpAuth: HttpAuthService;
  access: AssetAccess;
  store: InventoryStore;
  views: AssetViewStore;
  pricing: PricingSource;
  priceLists: PriceListStore;
  actualCost: ActualCostService;
}

/** `GET /v1/prices` answer: a region's prices in force, each with where it came from. */
export interface PricesResponse {
  region: string;
  rows: PriceListRow[];
  /** The stored Price List API reads of the region, per service code. */
  priceLists: Array<{
    serviceCode: string;
    version: string | null;
    publicationDate: string | null;
    fetchedAt: string;
  }>;
}

const regionQuery = z
  .object({
    region: z
      .string({
        required_error: 'region is required, e.g. ?region=eu-west-1',
        invalid_type_error: 'region must be given once, e.g. ?region=eu-west-1',
      })
      .regex(
        /^[a-z]{2}(-[a-z]+)+-\d+$/,
        'region accepts an AWS region name such as eu-west-1',
      ),
  })
  .strict();

const arnQuery = z
  .object({
    arn: z
      .string({
        required_error: 'arn is required: the ARN of a cluster or application',
        invalid_type_error: 'arn must be given once',
      })
      .regex(
        /^arn:aws[a-z-]*:(kafka|kinesisanalytics):/,
        'arn accepts the ARN of an MSK cluster or a Managed Flink application',
      ),
  })
  .strict();

function parse<T>(schema: z.ZodType<T>, query: unknown): T {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      issue.code === 'unrecognized_keys'
        ? `Unknown query parameter(s): ${issue.keys.join(', ')}`
        : issue.message,
    );
  }
  return parsed.data;
}

/** The prices in force (`GET /v1/prices`) and an asset's actual cost (`GET /v1/actual-cost`). */
export function createBillingRoutes(
  options: BillingRoutesOptions,
): express.Router {
  const router = Router();

  router.get('/v1/prices', async (req, res) => {
    await options.httpAuth.credentials(req, { allow: ['user', 'service'] });
    const { region } = parse(regionQuery, req.query);
    const stored = (await options.priceLists.list()).filter(
      l => l.region === region,
    );
    const body: PricesResponse = {
      region,
      rows: priceList(options.pricing.current(), region),
      priceLists: stored.map(l => ({
        serviceCode: l.serviceCode,
        version: l.version,
        publicationDate: l.publicationDate,
        fetchedAt: l.fetchedAt,
      })),
    };
    res.json(body);
  });

  router.get('/v1/actual-cost', async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { arn } = parse(arnQuery, req.query);
    const [asset] = await options.store.getAssetsByArns([arn]);
    const decisions = asset
      ? await options.access.decide([asset], credentials)
      : undefined;
    // An asset the caller may not read is answered like one that does not exist.
    if (!asset || !decisions!.read.has(arn)) {
      throw new NotFoundError(`No streaming asset ${arn}`);
    }
    if (!decisions!.cost.has(arn)) {
      throw new NotAllowedError(
        `You may not see the cost of ${arn} (streaming.cost.read)`,
      );
    }
    const view = (await options.views.getViews([arn])).get(arn);
    const estimate =
      view && view.monthlyUsd !== null
        ? { monthlyUsd: view.monthlyUsd, complete: view.costComplete ?? false }
        : null;
    const body: AssetActualCost = await options.actualCost.forAsset(
      arn,
      estimate,
    );
    res.json(body);
  });

  return router;
}
