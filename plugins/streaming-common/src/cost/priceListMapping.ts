import {
  BROKER_HOUR_UNIT,
  PartialPriceTable,
  PRICE_ITEM_UNITS,
  PriceItem,
  PriceItemKey,
} from './pricing';

/** The Price List Query API service codes of the priced services. */
export const PRICE_LIST_SERVICE_CODES = {
  msk: 'AmazonMSK',
  flink: 'AmazonKinesisAnalytics',
} as const;
export type PriceListServiceCode =
  (typeof PRICE_LIST_SERVICE_CODES)[keyof typeof PRICE_LIST_SERVICE_CODES];

/**
 * One product of a `GetProducts` answer (each `PriceList` entry, parsed), in
 * the shape AWS documents: product attributes and on-demand price dimensions.
 */
export interface PriceListProduct {
  serviceCode?: string;
  product: {
    sku?: string;
    productFamily?: string;
    attributes: Record<string, string | undefined>;
  };
  terms?: {
    OnDemand?: Record<
      string,
      {
        effectiveDate?: string;
        priceDimensions?: Record<
          string,
          {
            unit?: string;
            description?: string;
            beginRange?: string;
            endRange?: string;
            pricePerUnit?: Record<string, string | undefined>;
          }
        >;
      }
    >;
  };
  version?: string;
  publicationDate?: string;
}

/**
 * What a usage type (without its region prefix, e.g. `Kafka.m5.large` of
 * `USE1-Kafka.m5.large`) prices. Matched on the `usagetype` attribute, never
 * on free-text descriptions; the broker rules read the instance type from it.
 */
interface UsageTypeRule {
  serviceCode: PriceListServiceCode;
  pattern: RegExp;
  /** A price item key, or a function naming the broker instance type. */
  target: PriceItemKey | ((match: RegExpMatchArray) => string);
}

const USAGE_TYPE_RULES: UsageTypeRule[] = [
  // Standard brokers, e.g. Kafka.m7g.large -> kafka.m7g.large.
  {
    serviceCode: 'AmazonMSK',
    pattern: /^Kafka\.(t3|m5|m7g)\.([0-9]*x?large|small)$/,
    target: m => `kafka.${m[1]}.${m[2]}`,
  },
  // Express brokers, e.g. Kafka.Express.m7g.large -> express.m7g.large.
  {
    serviceCode: 'AmazonMSK',
    pattern: /^Kafka\.Express\.(m7g)\.([0-9]*x?large)$/,
    target: m => `express.${m[1]}.${m[2]}`,
  },
  {
    serviceCode: 'AmazonMSK',
    pattern: /^Kafka\.Storage\.GP2$/,
    target: 'standardStorageGbMonth',
  },
  {
    serviceCode: 'AmazonMSK',
    pattern: /^Kafka\.Storage\.ProvisionedThroughput$/,
    target: 'standardProvisionedThroughputMbpsMonth',
  },
  {
    serviceCode: 'AmazonMSK',
    pattern: /^Kafka\.TieredStorage$/,
    target: 'standardTieredStorageGbMonth',
  },
  {
    serviceCode: 'AmazonMSK',
    pattern: /^Kafka\.TieredStorage\.Retrieval$/,
    target: 'standardTieredRetrievalGb',
  },
  {
    serviceCode: 'AmazonMSK',
    pattern: /^Kafka\.Express\.Storage$/,
    target: 'expressStorageGbMonth',
  },
  {
    serviceCode: 'AmazonMSK',
    pattern: /^Kafka\.Express\.DataIn$/,
    target: 'expressDataInGb',
  },
  {
    serviceCode: 'AmazonMSK',
    pattern: /^Kafka\.Serverless\.Cluster$/,
    target: 'serverlessClusterHour',
  },
  {
    serviceCode: 'AmazonMSK',
    pattern: /^Kafka\.Serverless\.Partition$/,
    target: 'serverlessPartitionHour',
  },
  {
    serviceCode: 'AmazonMSK',
    pattern: /^Kafka\.Serverless\.Storage$/,
    target: 'serverlessStorageGbMonth',
  },
  {
    serviceCode: 'AmazonMSK',
    pattern: /^Kafka\.Serverless\.DataIn$/,
    target: 'serverlessDataInGb',
  },
  {
    serviceCode: 'AmazonMSK',
    pattern: /^Kafka\.Serverless\.DataOut$/,
    target: 'serverlessDataOutGb',
  },
  {
    serviceCode: 'AmazonKinesisAnalytics',
    pattern: /^KPU-Hour-Java$/,
    target: 'flinkKpuHour',
  },
  {
    serviceCode: 'AmazonKinesisAnalytics',
    pattern: /^RunningApplicationStorage$/,
    target: 'flinkRunningStorageGbMonth',
  },
  {
    serviceCode: 'AmazonKinesisAnalytics',
    pattern: /^DurableApplicationBackups$/,
    target: 'flinkBackupGbMonth',
  },
];

/** What one service's products map to in one region. */
export interface PriceListMapping {
  table: PartialPriceTable;
  /** The price list version of the products (`version`), if they carry one. */
  version: string | null;
  /** The date the prices were published (`publicationDate`, YYYY-MM-DD). */
  publicationDate: string | null;
  /** Usage types read but not priced here (other services' SKUs, tiered or non-USD prices). */
  skipped: string[];
}

/** Strips the region prefix AWS puts on usage types, e.g. `EUW1-` of `EUW1-Kafka.m5.large`. */
export function usageTypeWithoutRegion(usageType: string): string {
  const match = /^[A-Z]{2,4}\d?-(.+)$/.exec(usageType);
  return match ? match[1] : usageType;
}

/**
 * The single USD price of a product's on-demand terms. A product with more
 * than one priced tier is skipped (the cost rules have one price per item),
 * as is one without a USD price.
 */
function onDemandUsd(
  product: PriceListProduct,
): { usd: number; effectiveDate: string | null } | null {
  const terms = Object.values(product.terms?.OnDemand ?? {});
  const dimensions = terms.flatMap(term =>
    Object.values(term.priceDimensions ?? {}).map(dimension => ({
      dimension,
      effectiveDate: term.effectiveDate ?? null,
    })),
  );
  if (dimensions.length !== 1) return null;
  const { dimension, effectiveDate } = dimensions[0];
  const usd = Number(dimension.pricePerUnit?.USD);
  if (dimension.pricePerUnit?.USD === undefined || !Number.isFinite(usd)) {
    return null;
  }
  if (usd < 0) return null;
  return { usd, effectiveDate };
}

function dateOnly(value: string | undefined | null): string | null {
  if (!value) return null;
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  return match ? match[1] : null;
}

/**
 * Maps the products of one service code in one region, as `GetProducts`
 * returns them (filtered to that region), onto the price items the cost rules
 * use. Each price says it comes from the AWS Price List API, with the service
 * code, the price list version and the publication date.
 */
export function mapPriceListProducts(
  serviceCode: PriceListServiceCode,
  region: string,
  products: PriceListProduct[],
): PriceListMapping {
  const table: PartialPriceTable = { brokers: {}, items: {} };
  const skipped: string[] = [];
  const versions = products.map(p => p.version).filter(Boolean) as string[];
  const dates = products
    .map(p => dateOnly(p.publicationDate))
    .filter(Boolean) as string[];
  const version = versions.sort().at(-1) ?? null;
  const publicationDate = dates.sort().at(-1) ?? null;
  const rules = USAGE_TYPE_RULES.filter(r => r.serviceCode === serviceCode);
  for (const product of products) {
    const attributes = product.product?.attributes ?? {};
    const usageType = attributes.usagetype ?? '';
    if (attributes.regionCode && attributes.regionCode !== region) {
      skipped.push(`${usageType} (region ${attributes.regionCode})`);
      continue;
    }
    const bare = usageTypeWithoutRegion(usageType);
    const rule = rules.find(r => r.pattern.test(bare));
    const price = onDemandUsd(product);
    if (!rule || !price) {
      skipped.push(usageType || '(no usagetype)');
      continue;
    }
    const asOf =
      dateOnly(product.publicationDate) ??
      dateOnly(price.effectiveDate) ??
      publicationDate;
    const source = `AWS Price List API (${serviceCode} ${usageType}, price list version ${
      product.version ?? version ?? 'unknown'
    }, published ${asOf ?? 'on an unknown date'})`;
    if (typeof rule.target === 'function') {
      const instanceType = rule.target(bare.match(rule.pattern)!);
      table.brokers[instanceType] = {
        usd: price.usd,
        unit: BROKER_HOUR_UNIT,
        source,
        asOf,
      } satisfies PriceItem;
    } else {
      table.items[rule.target] = {
        usd: price.usd,
        unit: PRICE_ITEM_UNITS[rule.target],
        source,
        asOf,
      };
    }
  }
  return { table, version, publicationDate, skipped };
}

/** Merges the tables of several service codes of one region (their items do not overlap). */
export function mergePriceTables(
  tables: PartialPriceTable[],
): PartialPriceTable {
  return tables.reduce<PartialPriceTable>(
    (merged, table) => ({
      brokers: { ...merged.brokers, ...table.brokers },
      items: { ...merged.items, ...table.items },
    }),
    { brokers: {}, items: {} },
  );
}
