import type { PriceListProduct } from '../priceListMapping';

/**
 * Price List documents in the shape AWS documents for `GetProducts` (product
 * attributes, `terms.OnDemand` price dimensions, usage types with the region
 * prefix). There is no AWS access here: modelled on the documented shape and
 * public examples; the prices are test figures, not AWS's.
 */
export function priceDocument(options: {
  serviceCode: 'AmazonMSK' | 'AmazonKinesisAnalytics';
  regionCode: string;
  usageType: string;
  usd: string;
  unit?: string;
  version?: string;
  publicationDate?: string;
  /** Extra price dimensions, e.g. a second tier. */
  extraDimensions?: number;
}): PriceListProduct {
  const sku = `SKU${options.usageType.replace(/[^A-Za-z0-9]/g, '')}`.slice(
    0,
    16,
  );
  const term = `${sku}.JRTCKXETXF`;
  const dimensions: Record<string, any> = {
    [`${term}.6YS6EN2CT7`]: {
      unit: options.unit ?? 'Hrs',
      endRange: 'Inf',
      description: `price of ${options.usageType}`,
      appliesTo: [],
      rateCode: `${term}.6YS6EN2CT7`,
      beginRange: '0',
      pricePerUnit: { USD: options.usd },
    },
  };
  for (let i = 0; i < (options.extraDimensions ?? 0); i++) {
    dimensions[`${term}.TIER${i}`] = {
      unit: options.unit ?? 'Hrs',
      beginRange: String(1000 * (i + 1)),
      endRange: 'Inf',
      pricePerUnit: { USD: '0.0100000000' },
    };
  }
  return {
    product: {
      productFamily: 'Managed Streaming for Apache Kafka (MSK)',
      attributes: {
        regionCode: options.regionCode,
        servicecode: options.serviceCode,
        usagetype: options.usageType,
        locationType: 'AWS Region',
      },
      sku,
    },
    serviceCode: options.serviceCode,
    terms: {
      OnDemand: {
        [term]: {
          priceDimensions: dimensions,
          effectiveDate: '2026-10-01T00:00:00Z',
        },
      },
    },
    version: options.version ?? '20261015000000',
    publicationDate: options.publicationDate ?? '2026-10-15T20:11:04Z',
  };
}
