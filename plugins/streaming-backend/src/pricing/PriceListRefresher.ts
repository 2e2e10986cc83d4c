import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  mapPriceListProducts,
  PRICE_LIST_SERVICE_CODES,
} from '@backstage-streaming/plugin-streaming-common';
import {
  AwsCallCounter,
  AwsReadError,
  StreamingBillingReader,
} from '@backstage-streaming/plugin-streaming-node';
import type {
  PriceListStore,
  StoredPriceList,
} from '../database/PriceListStore';
import type { PriceListSettings } from '../service/billingConfig';
import type { CurrentPricing } from './CurrentPricing';

export interface PriceListRefreshResult {
  /** `region/serviceCode` read and stored. */
  stored: string[];
  /** `region/serviceCode` whose read failed or priced nothing: the stored prices stay. */
  kept: Array<{ list: string; reason: string }>;
}

/**
 * Reads MSK and Managed Flink prices of every priced region from the AWS
 * Price List API, stores each successful read and puts the stored prices in
 * force. A failed read keeps what is stored (or the built-in fallback); it
 * never deletes a price.
 */
export class PriceListRefresher {
  constructor(
    private readonly options: {
      reader: StreamingBillingReader;
      store: PriceListStore;
      pricing: CurrentPricing;
      settings: PriceListSettings;
      /** The configured accounts' regions. */
      regions: string[];
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  /** Puts the stored prices in force, e.g. at start-up before any read. */
  async useStored(): Promise<StoredPriceList[]> {
    const stored = await this.options.store.list();
    this.options.pricing.use(stored);
    return stored;
  }

  async refresh(): Promise<PriceListRefreshResult> {
    const { reader, store, settings, logger } = this.options;
    const result: PriceListRefreshResult = { stored: [], kept: [] };
    if (!settings.enabled || !settings.accountId) {
      await this.useStored();
      return result;
    }
    const regions = [
      ...new Set([...this.options.regions, ...settings.extraRegions]),
    ].sort();
    const counter = new AwsCallCounter();
    const fetchedAt = (this.options.now?.() ?? new Date()).toISOString();
    for (const region of regions) {
      for (const serviceCode of Object.values(PRICE_LIST_SERVICE_CODES)) {
        const list = `${region}/${serviceCode}`;
        try {
          const products = await counter.run(() =>
            reader.readPriceListProducts(
              settings.accountId!,
              settings.apiRegion,
              serviceCode,
              region,
            ),
          );
          const mapping = mapPriceListProducts(serviceCode, region, products);
          const priced =
            Object.keys(mapping.table.brokers).length +
            Object.keys(mapping.table.items).length;
          if (priced === 0) {
            result.kept.push({
              list,
              reason: `the price list has no ${serviceCode} prices for ${region}`,
            });
            continue;
          }
          await store.save({
            region,
            serviceCode,
            version: mapping.version,
            publicationDate: mapping.publicationDate,
            fetchedAt,
            table: mapping.table,
          });
          result.stored.push(list);
        } catch (error) {
          const reason =
            error instanceof AwsReadError
              ? `${error.detail.code}: ${error.detail.message}`
              : String(error);
          result.kept.push({ list, reason });
        }
      }
    }
    await this.useStored();
    logger.info(
      `Price list refresh: stored ${
        result.stored.length
      } price lists, kept the previous prices of ${
        result.kept.length
      }; AWS calls ${JSON.stringify(counter.toJSON())}`,
    );
    for (const { list, reason } of result.kept) {
      logger.warn(
        `Price list ${list} not updated, the stored or built-in prices stay: ${reason}`,
      );
    }
    return result;
  }
}
