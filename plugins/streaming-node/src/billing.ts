import type { GroupDefinition } from '@aws-sdk/client-cost-explorer';
import { Config } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import type {
  PriceListProduct,
  PriceListServiceCode,
} from '@backstage-streaming/plugin-streaming-common';
import { AwsClientFactory } from './clients';
import { readStreamingAwsConfig } from './config';
import {
  CostGroup,
  CostPeriod,
  lookUpStreamingServiceNames,
  readCostGroups,
  readResourceCosts,
} from './readers/costExplorer';
import { readPriceListProducts } from './readers/priceList';

/** Cost Explorer is served from us-east-1 only. */
export const COST_EXPLORER_REGION = 'us-east-1';
/** The regions the Price List Query API is served from. */
export const PRICE_LIST_API_REGIONS = ['us-east-1', 'ap-south-1'] as const;

/**
 * List prices (AWS Price List Query API) and the actual bill (Cost Explorer).
 * Every method throws an AwsReadError when its call fails.
 */
export interface StreamingBillingReader {
  /** Every product of a service code in one region, read with `accountId`'s credentials at `apiRegion`. */
  readPriceListProducts(
    accountId: string,
    apiRegion: string,
    serviceCode: PriceListServiceCode,
    region: string,
  ): Promise<PriceListProduct[]>;
  /** MSK's and Managed Flink's SERVICE names in a payer account's Cost Explorer (one request per search). */
  lookUpStreamingServiceNames(
    payerAccountId: string,
    period: CostPeriod,
  ): Promise<string[]>;
  /** One GetCostAndUsage request. */
  readCostGroups(
    payerAccountId: string,
    period: CostPeriod,
    services: string[],
    groupBy: GroupDefinition[],
  ): Promise<CostGroup[]>;
  /** One GetCostAndUsageWithResources request (last 14 days at most). */
  readResourceCosts(
    payerAccountId: string,
    period: CostPeriod,
    services: string[],
  ): Promise<CostGroup[]>;
}

/** The billing readers on the same client factory and credentials as the inventory's. */
export class DefaultStreamingBillingReader implements StreamingBillingReader {
  static fromConfig(rootConfig: Config): DefaultStreamingBillingReader {
    return new DefaultStreamingBillingReader(
      new AwsClientFactory(
        DefaultAwsCredentialsManager.fromConfig(rootConfig),
        readStreamingAwsConfig(rootConfig),
      ),
    );
  }

  constructor(private readonly clients: AwsClientFactory) {}

  async readPriceListProducts(
    accountId: string,
    apiRegion: string,
    serviceCode: PriceListServiceCode,
    region: string,
  ) {
    const { pricing } = await this.clients.createBilling(accountId, apiRegion);
    return readPriceListProducts(pricing, serviceCode, region);
  }

  async lookUpStreamingServiceNames(
    payerAccountId: string,
    period: CostPeriod,
  ) {
    const { costExplorer } = await this.clients.createBilling(
      payerAccountId,
      COST_EXPLORER_REGION,
    );
    return lookUpStreamingServiceNames(costExplorer, period);
  }

  async readCostGroups(
    payerAccountId: string,
    period: CostPeriod,
    services: string[],
    groupBy: GroupDefinition[],
  ) {
    const { costExplorer } = await this.clients.createBilling(
      payerAccountId,
      COST_EXPLORER_REGION,
    );
    return readCostGroups(costExplorer, period, services, groupBy);
  }

  async readResourceCosts(
    payerAccountId: string,
    period: CostPeriod,
    services: string[],
  ) {
    const { costExplorer } = await this.clients.createBilling(
      payerAccountId,
      COST_EXPLORER_REGION,
    );
    return readResourceCosts(costExplorer, period, services);
  }
}
