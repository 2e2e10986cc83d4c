/**
 * Price List documents the sandbox's Pricing API serves.
 *
 * There is no AWS access here: these documents are modelled on the shape AWS
 * documents for the Price List Query API (`GetProducts` answers: product
 * attributes such as `regionCode`, `location` and `usagetype` with the
 * region's usage-type prefix, e.g. `USE1-Kafka.m5.large`, and on-demand
 * `terms.OnDemand` price dimensions) and on public examples of it. They are
 * NOT copied from AWS.
 *
 * Prices: us-east-1 uses the figures the plugin's built-in table cites
 * (plugins/streaming-common/src/cost/pricing.ts, sources there). Every other
 * region's prices are ILLUSTRATIVE FIXTURES OF THE SANDBOX: made up to be
 * plausible, marked by the price list version `sandbox-illustrative-…`, and
 * never shipped as built-in prices.
 */

interface RegionFixture {
  regionCode: string;
  location: string;
  /** The usage-type prefix AWS uses for the region (eu-west-1's is `EU`). */
  prefix: string;
  version: string;
  /** USD per unit keyed by usage type without the prefix. */
  msk: Record<string, number>;
  flink: Record<string, number>;
}

/** The unit AWS prints in a price dimension, by usage type (modelled, see above). */
function unitOf(usageType: string): string {
  if (/^Kafka\.(t3|m5|m7g|Express\.m7g)\./.test(usageType)) return 'Hrs';
  if (usageType === 'Kafka.Serverless.Cluster') return 'Hrs';
  if (usageType === 'Kafka.Serverless.Partition') return 'Hrs';
  if (usageType === 'KPU-Hour-Java') return 'Hrs';
  if (usageType === 'Kafka.Storage.ProvisionedThroughput') return 'MBps-Mo';
  if (/DataIn|DataOut|Retrieval/.test(usageType)) return 'GB';
  return 'GB-Mo';
}

const US_EAST_1_VERSION = '20261101000000';

/** Standard and Express broker-hours, scaled from us-east-1's for the illustrative regions. */
function brokers(scale: number): Record<string, number> {
  const usEast1: Record<string, number> = {
    'Kafka.t3.small': 0.0456,
    'Kafka.m5.large': 0.21,
    'Kafka.m5.xlarge': 0.42,
    'Kafka.m5.2xlarge': 0.84,
    'Kafka.m5.4xlarge': 1.68,
    'Kafka.m7g.large': 0.204,
    'Kafka.m7g.xlarge': 0.408,
    'Kafka.m7g.2xlarge': 0.816,
    'Kafka.m7g.4xlarge': 1.632,
    'Kafka.Express.m7g.large': 0.408,
    'Kafka.Express.m7g.xlarge': 0.816,
    'Kafka.Express.m7g.2xlarge': 1.632,
  };
  return Object.fromEntries(
    Object.entries(usEast1).map(([k, v]) => [
      k,
      Math.round(v * scale * 10000) / 10000,
    ]),
  );
}

function mskItems(scale: number): Record<string, number> {
  const usEast1: Record<string, number> = {
    'Kafka.Storage.GP2': 0.1,
    'Kafka.Storage.ProvisionedThroughput': 0.08,
    'Kafka.Express.Storage': 0.1,
    'Kafka.Express.DataIn': 0.01,
    'Kafka.Serverless.Cluster': 0.75,
    'Kafka.Serverless.Partition': 0.0015,
    'Kafka.Serverless.Storage': 0.1,
    'Kafka.Serverless.DataIn': 0.1,
    'Kafka.Serverless.DataOut': 0.05,
  };
  return Object.fromEntries(
    Object.entries(usEast1).map(([k, v]) => [
      k,
      Math.round(v * scale * 100000) / 100000,
    ]),
  );
}

function flinkItems(scale: number): Record<string, number> {
  return {
    'KPU-Hour-Java': Math.round(0.11 * scale * 10000) / 10000,
    RunningApplicationStorage: Math.round(0.1 * scale * 10000) / 10000,
    DurableApplicationBackups: Math.round(0.023 * scale * 10000) / 10000,
  };
}

function illustrative(
  regionCode: string,
  location: string,
  prefix: string,
  scale: number,
): RegionFixture {
  return {
    regionCode,
    location,
    prefix,
    version: 'sandbox-illustrative-20261101',
    msk: { ...brokers(scale), ...mskItems(scale) },
    flink: flinkItems(scale),
  };
}

export const PRICE_LIST_REGIONS: RegionFixture[] = [
  {
    regionCode: 'us-east-1',
    location: 'US East (N. Virginia)',
    prefix: 'USE1',
    version: US_EAST_1_VERSION,
    msk: { ...brokers(1), ...mskItems(1) },
    flink: flinkItems(1),
  },
  illustrative('eu-west-1', 'EU (Ireland)', 'EU', 1.1),
  illustrative('us-west-2', 'US West (Oregon)', 'USW2', 1),
  illustrative('eu-central-1', 'EU (Frankfurt)', 'EUC1', 1.15),
  illustrative('ap-southeast-2', 'Asia Pacific (Sydney)', 'APS2', 1.2),
];

const PUBLICATION_DATE = '2026-11-01T00:00:00Z';
const ON_DEMAND_TERM = 'JRTCKXETXF';
const RATE_CODE = '6YS6EN2CT7';

function sku(serviceCode: string, usageType: string): string {
  // A stable 16-character id, like AWS's SKUs.
  let hash = 0;
  for (const char of `${serviceCode}/${usageType}`) {
    hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  }
  return `SBX${hash.toString(36).toUpperCase().padStart(13, '0')}`.slice(0, 16);
}

/** One product document, as `GetProducts` returns it in `PriceList` (before JSON encoding). */
function productDocument(
  serviceCode: 'AmazonMSK' | 'AmazonKinesisAnalytics',
  region: RegionFixture,
  bareUsageType: string,
  usd: number,
) {
  const usageType = `${region.prefix}-${bareUsageType}`;
  const id = sku(serviceCode, usageType);
  const unit = unitOf(bareUsageType);
  return {
    product: {
      productFamily:
        serviceCode === 'AmazonMSK'
          ? 'Managed Streaming for Apache Kafka (MSK)'
          : 'Kinesis Analytics',
      attributes: {
        regionCode: region.regionCode,
        servicecode: serviceCode,
        usagetype: usageType,
        locationType: 'AWS Region',
        location: region.location,
        servicename:
          serviceCode === 'AmazonMSK'
            ? 'Amazon Managed Streaming for Apache Kafka'
            : 'Amazon Kinesis Analytics',
        operation: '',
      },
      sku: id,
    },
    serviceCode,
    terms: {
      OnDemand: {
        [`${id}.${ON_DEMAND_TERM}`]: {
          priceDimensions: {
            [`${id}.${ON_DEMAND_TERM}.${RATE_CODE}`]: {
              unit,
              endRange: 'Inf',
              description: `$${usd} per ${unit} for ${usageType} in ${region.location}`,
              appliesTo: [],
              rateCode: `${id}.${ON_DEMAND_TERM}.${RATE_CODE}`,
              beginRange: '0',
              pricePerUnit: { USD: usd.toFixed(10) },
            },
          },
          sku: id,
          effectiveDate: PUBLICATION_DATE,
          offerTermCode: ON_DEMAND_TERM,
          termAttributes: {},
        },
      },
    },
    version: region.version,
    publicationDate: PUBLICATION_DATE,
  };
}

export type PriceDocument = ReturnType<typeof productDocument>;

/** Every product document of a service code, across the fixture regions. */
export function priceDocuments(serviceCode: string): PriceDocument[] {
  if (serviceCode !== 'AmazonMSK' && serviceCode !== 'AmazonKinesisAnalytics') {
    return [];
  }
  return PRICE_LIST_REGIONS.flatMap(region =>
    Object.entries(serviceCode === 'AmazonMSK' ? region.msk : region.flink).map(
      ([usageType, usd]) =>
        productDocument(serviceCode, region, usageType, usd),
    ),
  );
}
