import { paginateGetProducts, PricingClient } from '@aws-sdk/client-pricing';
import type {
  PriceListProduct,
  PriceListServiceCode,
} from '@backstage-streaming/plugin-streaming-common';
import { awsCall } from './errors';

/**
 * Every product of a service code in one region from the Price List Query
 * API (`GetProducts`, filtered on the `regionCode` attribute, all pages),
 * each `PriceList` entry parsed from its JSON text.
 */
export async function readPriceListProducts(
  client: PricingClient,
  serviceCode: PriceListServiceCode,
  region: string,
): Promise<PriceListProduct[]> {
  return awsCall('GetProducts', async () => {
    const products: PriceListProduct[] = [];
    for await (const page of paginateGetProducts(
      { client, pageSize: 100 },
      {
        ServiceCode: serviceCode,
        FormatVersion: 'aws_v1',
        Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: region }],
      },
    )) {
      for (const entry of page.PriceList ?? []) {
        // The SDK types entries as LazyJsonString or string; both print as the JSON text.
        products.push(JSON.parse(String(entry)) as PriceListProduct);
      }
    }
    return products;
  });
}
