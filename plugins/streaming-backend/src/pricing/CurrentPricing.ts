import {
  mergePriceTables,
  PartialPriceTable,
  ResolvedPricing,
  withPriceLists,
} from '@backstage-streaming/plugin-streaming-common';
import type { StoredPriceList } from '../database/PriceListStore';

/** Where the cost rules get the prices in force. */
export interface PricingSource {
  current(): ResolvedPricing;
}

/**
 * The configured pricing (`streaming.pricing` over the built-in tables) with
 * the stored Price List API prices in between, replaced whenever a read of
 * the price list succeeds.
 */
export class CurrentPricing implements PricingSource {
  private pricing: ResolvedPricing;

  constructor(private readonly configured: ResolvedPricing) {
    this.pricing = configured;
  }

  current(): ResolvedPricing {
    return this.pricing;
  }

  /** Uses these stored price lists (every region's, every service code's). */
  use(lists: StoredPriceList[]): void {
    const byRegion = new Map<string, PartialPriceTable[]>();
    for (const list of lists) {
      byRegion.set(list.region, [
        ...(byRegion.get(list.region) ?? []),
        list.table,
      ]);
    }
    this.pricing = withPriceLists(
      this.configured,
      Object.fromEntries(
        [...byRegion.entries()].map(([region, tables]) => [
          region,
          mergePriceTables(tables),
        ]),
      ),
    );
  }
}
