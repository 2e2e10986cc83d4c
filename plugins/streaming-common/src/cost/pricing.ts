import { KNOWN_BROKER_INSTANCE_TYPES } from './limits';

/** One price: what it costs, per what, and where the number comes from. */
export interface PriceItem {
  usd: number;
  /** What one `usd` buys, e.g. `broker-hour`, `GB-month`. */
  unit: string;
  source: string;
  /** Date (or year) of the source; null for a configured price without one. */
  asOf: string | null;
}

/** Every priced item other than broker instance-hours. Keys are valid Backstage config keys. */
export const PRICE_ITEM_UNITS = {
  standardStorageGbMonth: 'GB-month',
  standardProvisionedThroughputMbpsMonth: 'MB/s-month',
  expressStorageGbMonth: 'GB-month',
  expressDataInGb: 'GB',
  standardTieredStorageGbMonth: 'GB-month',
  standardTieredRetrievalGb: 'GB',
  serverlessClusterHour: 'cluster-hour',
  serverlessPartitionHour: 'partition-hour',
  serverlessStorageGbMonth: 'GB-month',
  serverlessDataInGb: 'GB',
  serverlessDataOutGb: 'GB',
  flinkKpuHour: 'KPU-hour',
  flinkRunningStorageGbMonth: 'GB-month',
  flinkBackupGbMonth: 'GB-month',
} as const;
export type PriceItemKey = keyof typeof PRICE_ITEM_UNITS;
export const PRICE_ITEM_KEYS = Object.keys(PRICE_ITEM_UNITS) as PriceItemKey[];

/**
 * Items no source of the built-in tables prices: Standard tiered storage
 * (stored GB-months and GB retrieved). They are priced only from
 * `streaming.pricing`; until then they are "price unknown" with this reason.
 */
export const CONFIGURED_ONLY_PRICE_ITEMS: readonly PriceItemKey[] = [
  'standardTieredStorageGbMonth',
  'standardTieredRetrievalGb',
];
export type BuiltInPriceItemKey = Exclude<
  PriceItemKey,
  'standardTieredStorageGbMonth' | 'standardTieredRetrievalGb'
>;

export const BROKER_HOUR_UNIT = 'broker-hour';

/** A region's built-in prices. */
export interface RegionPriceTable {
  /** Keyed by instance type, e.g. `kafka.m7g.large`. */
  brokers: Record<string, PriceItem>;
  /** Every item but the configured-only ones (CONFIGURED_ONLY_PRICE_ITEMS). */
  items: Record<BuiltInPriceItemKey, PriceItem> &
    Partial<Record<PriceItemKey, PriceItem>>;
}

/** Prices some configuration sets; anything missing falls through to the next layer. */
export interface PartialPriceTable {
  brokers: Record<string, PriceItem>;
  items: Partial<Record<PriceItemKey, PriceItem>>;
}

/**
 * How to settle the two points the sources disagree on (see docs/cost.md).
 */
export interface PricingSettings {
  /**
   * Express storage is billed on `StorageUsed`, which excludes replicas. 1 follows AWS MSK skill
   * msk_sizing.py (and the metric's definition); 3 follows the skill's manage-storage.md.
   */
  expressStorageReplicaFactor: 1 | 3;
  /**
   * Managed Flink running application storage (50 GB allocated per KPU): `allocated-charged` bills
   * all of it, as the pricing page words it; `first-50GB-free` follows the AWS Managed Flink skill,
   * which bills only storage beyond the 50 GB per KPU, i.e. nothing, since the allocation is fixed.
   */
  flinkRunningStorageMode: 'allocated-charged' | 'first-50GB-free';
  /**
   * How many bytes a billed GB is: `decimal` 10^9 (the default, as the
   * estimates have always counted) or `binary` 2^30, which the public sources
   * found point to for AWS bills (docs/cost.md, "GB: 10^9 or 2^30 bytes?").
   */
  gbUnit: 'decimal' | 'binary';
}

export const DEFAULT_PRICING_SETTINGS: PricingSettings = {
  expressStorageReplicaFactor: 1,
  flinkRunningStorageMode: 'allocated-charged',
  gbUnit: 'decimal',
};

/** Bytes in one billed GB under the setting. */
export function bytesPerGb(settings: Pick<PricingSettings, 'gbUnit'>): number {
  return settings.gbUnit === 'binary' ? 2 ** 30 : 1e9;
}

/** The GB the estimates count in, in words, e.g. `GB (10^9 bytes)`. */
export function gbUnitLabel(settings: Pick<PricingSettings, 'gbUnit'>): string {
  return settings.gbUnit === 'binary' ? 'GB (2^30 bytes)' : 'GB (10^9 bytes)';
}

const MSK_SIZING = 'AWS MSK skill msk_sizing.py (2026-06-23)';
const MSK_SIZING_DATE = '2026-06-23';
const FLINK_SOURCE =
  'AWS Managed Flink skill pricing-calculator.md (2026-06-12); Managed Flink pricing page as quoted by api-evangelist/kinesis (read 2026-09-20); Managed Flink developer guide how-pricing';
const FLINK_DATE = '2026-06-12';

function brokerPrices(
  family: string,
  hourly: Record<string, number>,
  source: string,
  asOf: string,
) {
  return Object.fromEntries(
    Object.entries(hourly).map(([size, usd]) => [
      `${family}.${size}`,
      { usd, unit: BROKER_HOUR_UNIT, source, asOf },
    ]),
  );
}

const US_EAST_1: RegionPriceTable = {
  brokers: {
    ...brokerPrices(
      'kafka.t3',
      { small: 0.0456 },
      'third-party only: airbyte MSK pricing article (2025), quoted in an indexed notes file',
      '2025',
    ),
    ...brokerPrices(
      'kafka.m5',
      {
        large: 0.21,
        xlarge: 0.42,
        '2xlarge': 0.84,
        '4xlarge': 1.68,
        '8xlarge': 3.36,
        '12xlarge': 5.04,
        '16xlarge': 6.72,
        '24xlarge': 10.08,
      },
      MSK_SIZING,
      MSK_SIZING_DATE,
    ),
    ...brokerPrices(
      'kafka.m7g',
      {
        large: 0.204,
        xlarge: 0.408,
        '2xlarge': 0.816,
        '4xlarge': 1.632,
        '8xlarge': 3.264,
        '12xlarge': 4.896,
        '16xlarge': 6.528,
      },
      MSK_SIZING,
      MSK_SIZING_DATE,
    ),
    ...brokerPrices(
      'express.m7g',
      {
        large: 0.408,
        xlarge: 0.816,
        '2xlarge': 1.632,
        '4xlarge': 3.264,
        '8xlarge': 6.528,
        '12xlarge': 9.792,
        '16xlarge': 13.056,
      },
      `${MSK_SIZING}; airbyte (2025) agrees for large, 4xlarge and 16xlarge`,
      MSK_SIZING_DATE,
    ),
  },
  items: {
    standardStorageGbMonth: {
      usd: 0.1,
      unit: 'GB-month',
      source: MSK_SIZING,
      asOf: MSK_SIZING_DATE,
    },
    standardProvisionedThroughputMbpsMonth: {
      usd: 0.08,
      unit: 'MB/s-month',
      source: MSK_SIZING,
      asOf: MSK_SIZING_DATE,
    },
    expressStorageGbMonth: {
      usd: 0.1,
      unit: 'GB-month',
      source: MSK_SIZING,
      asOf: MSK_SIZING_DATE,
    },
    expressDataInGb: {
      usd: 0.01,
      unit: 'GB',
      source: MSK_SIZING,
      asOf: MSK_SIZING_DATE,
    },
    ...serverlessItems(),
    flinkKpuHour: {
      usd: 0.11,
      unit: 'KPU-hour',
      source: FLINK_SOURCE,
      asOf: FLINK_DATE,
    },
    flinkRunningStorageGbMonth: {
      usd: 0.1,
      unit: 'GB-month',
      source: FLINK_SOURCE,
      asOf: FLINK_DATE,
    },
    flinkBackupGbMonth: {
      usd: 0.023,
      unit: 'GB-month',
      source: FLINK_SOURCE,
      asOf: FLINK_DATE,
    },
  },
};

function serverlessItems() {
  const source =
    'third-party only: airbyte MSK pricing article (2025); an indexed repository tagged "2026-06, VERIFY"';
  const item = (usd: number, unit: string): PriceItem => ({
    usd,
    unit,
    source,
    asOf: '2025',
  });
  return {
    serverlessClusterHour: item(0.75, 'cluster-hour'),
    serverlessPartitionHour: item(0.0015, 'partition-hour'),
    serverlessStorageGbMonth: item(0.1, 'GB-month'),
    serverlessDataInGb: item(0.1, 'GB'),
    serverlessDataOutGb: item(0.05, 'GB'),
  };
}

/**
 * Built-in price tables by region. Only us-east-1 has one: every other
 * region's prices are unknown until configured, never borrowed from us-east-1.
 */
export const BUILT_IN_PRICE_TABLES: Readonly<Record<string, RegionPriceTable>> =
  {
    'us-east-1': US_EAST_1,
  };

/** A configured price: USD, or USD with its own source and date. */
export type PriceOverrideValue =
  | number
  | { usd: number; source?: string; asOf?: string };

/** Prices configured for every region or for one region. */
export interface PriceOverrideSet {
  /** Broker instance-hour prices keyed by instance type, e.g. `kafka.m7g.large: 0.19`. */
  brokers?: Record<string, PriceOverrideValue>;
  /** Other prices keyed by item, e.g. `flinkKpuHour: 0.1`. */
  items?: Partial<Record<PriceItemKey, PriceOverrideValue>>;
}

/**
 * Usage figures no AWS API gives, configured per asset ARN so the parts that
 * need them are priced instead of reported as unknown.
 */
export interface UsageAssumption {
  arn: string;
  /** Serverless: partitions in the cluster. */
  partitionCount?: number;
  /** Serverless: data stored, in GB (of the gbUnit setting). */
  storedGB?: number;
  /** Managed Flink: durable backups (snapshots) kept, in GB (of the gbUnit setting). */
  backupGB?: number;
  /** Standard with tiered storage: GB (of the gbUnit setting) read back from the tiered storage in a month. */
  tieredRetrievalGB?: number;
}

/**
 * The shape of `streaming.pricing` in app-config. Read it as one object
 * (`config.getOptional('streaming.pricing')`): instance types contain dots,
 * which Backstage's key-by-key getters do not accept.
 *
 * A price is looked up in this order: `regions.<region>`, then the top-level
 * `brokers`/`items` (which apply in every region, e.g. a negotiated rate),
 * then the built-in table of that region. A region without a built-in table
 * (every region but us-east-1) has only the prices configured for it: the rest
 * are "price unknown", never us-east-1's.
 *
 * @example
 * ```yaml
 * streaming:
 *   pricing:
 *     settings:
 *       expressStorageReplicaFactor: 1             # or 3
 *       flinkRunningStorageMode: allocated-charged # or first-50GB-free
 *     items:                                       # every region
 *       flinkKpuHour: 0.1
 *       # Tiered storage has no built-in price: copy yours from the MSK pricing page or your bill.
 *       standardTieredStorageGbMonth: { usd: <USD per GB-month>, source: 'MSK pricing page', asOf: '<date read>' }
 *       standardTieredRetrievalGb: { usd: <USD per GB>, source: 'MSK pricing page', asOf: '<date read>' }
 *     brokers:
 *       kafka.m7g.large: { usd: 0.19, source: 'EDP rate card', asOf: '2026-01-01' }
 *     regions:
 *       eu-west-1:
 *         brokers: { kafka.m7g.large: 0.2232 }
 *         items: { serverlessClusterHour: 0.83, flinkKpuHour: 0.121 }
 *     assumptions:
 *       - arn: arn:aws:kafka:eu-west-1:111111111111:cluster/events-serverless/5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170-s1
 *         partitionCount: 120
 *         storedGB: 50
 *       - arn: arn:aws:kinesisanalytics:us-east-1:111111111111:application/orders-enricher
 *         backupGB: 20
 *       - arn: arn:aws:kafka:us-east-1:111111111111:cluster/orders-standard/7d1a9c2e-3b4f-4e5a-8c6d-1f2e3a4b5c6d-1
 *         tieredRetrievalGB: 200
 * ```
 */
export interface StreamingPricingConfig extends PriceOverrideSet {
  settings?: Partial<PricingSettings>;
  regions?: Record<string, PriceOverrideSet>;
  assumptions?: UsageAssumption[];
}

/** Measured-or-configured quantities for one asset, in the units the cost functions take. */
export interface ResolvedAssumption {
  partitionCount?: number;
  storedBytes?: number;
  backupBytes?: number;
  /** Bytes read back from tiered storage in a month. */
  tieredRetrievalBytes?: number;
  /** Config path the figures came from, for the cost breakdown. */
  configPath: string;
}

/** Validated pricing: built-in tables plus configuration. Plain data, safe to serialise. */
export interface ResolvedPricing {
  settings: PricingSettings;
  builtIn: Readonly<Record<string, RegionPriceTable>>;
  /**
   * Prices read from the AWS Price List API, by region (see withPriceLists);
   * between the configuration and the built-in tables.
   */
  priceLists?: Record<string, PartialPriceTable>;
  everyRegion: PartialPriceTable;
  regions: Record<string, PartialPriceTable>;
  /** Keyed by asset ARN. */
  assumptions: Record<string, ResolvedAssumption>;
  /** Accepted but worth a look, e.g. a broker type missing from the built-in list; logged at start-up. */
  warnings: string[];
}

/** Which layer a price comes from, in the order they are looked up. */
export type PriceOrigin = 'configuration' | 'price-list' | 'built-in';

export type PriceLookup =
  | { known: true; price: PriceItem; origin: PriceOrigin }
  | { known: false; reason: string };

const CONFIG_ROOT = 'streaming.pricing';
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (!isObject(value)) {
    throw new Error(`${path} must be an object, got ${JSON.stringify(value)}`);
  }
  return value;
}

function rejectUnknownKeys(
  obj: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
) {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw new Error(
        `${path}.${key} is not a known setting; expected one of ${allowed.join(
          ', ',
        )}`,
      );
    }
  }
}

function nonNegativeNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(
      `${path} must be a number of 0 or more, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function parsePriceValue(
  value: unknown,
  unit: string,
  path: string,
): PriceItem {
  const configured = `configured at ${path}`;
  if (!isObject(value)) {
    return {
      usd: nonNegativeNumber(value, path),
      unit,
      source: configured,
      asOf: null,
    };
  }
  rejectUnknownKeys(value, ['usd', 'source', 'asOf'], path);
  for (const key of ['source', 'asOf'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'string') {
      throw new Error(
        `${path}.${key} must be a string, got ${JSON.stringify(value[key])}`,
      );
    }
  }
  return {
    usd: nonNegativeNumber(value.usd, `${path}.usd`),
    unit,
    source: value.source ? `${value.source} (${configured})` : configured,
    asOf: (value.asOf as string | undefined) ?? null,
  };
}

/** What an MSK broker instance type looks like: `kafka.<family>.<size>` or `express.<family>.<size>`. */
const BROKER_INSTANCE_TYPE_PATTERN = /^(kafka|express)\.[a-z0-9]+\.[a-z0-9]+$/;

function parseOverrideSet(
  value: unknown,
  path: string,
  warnings: string[],
): PartialPriceTable {
  const set = expectObject(value, path);
  rejectUnknownKeys(set, ['brokers', 'items'], path);
  const brokers: Record<string, PriceItem> = {};
  for (const [type, price] of Object.entries(
    expectObject(set.brokers ?? {}, `${path}.brokers`),
  )) {
    const pricePath = `${path}.brokers['${type}']`;
    if (!BROKER_INSTANCE_TYPE_PATTERN.test(type)) {
      throw new Error(
        `${pricePath}: '${type}' is not an MSK broker instance type such as kafka.m7g.large or express.m7g.large`,
      );
    }
    // A type AWS launched after the built-in table is accepted, so it can be priced here.
    if (!KNOWN_BROKER_INSTANCE_TYPES.includes(type)) {
      warnings.push(
        `${pricePath}: '${type}' is not in the built-in list of MSK broker instance types; its configured price is used, but check the name (right-sizing does not suggest it)`,
      );
    }
    brokers[type] = parsePriceValue(price, BROKER_HOUR_UNIT, pricePath);
  }
  const items: Partial<Record<PriceItemKey, PriceItem>> = {};
  for (const [key, price] of Object.entries(
    expectObject(set.items ?? {}, `${path}.items`),
  )) {
    if (!(PRICE_ITEM_KEYS as string[]).includes(key)) {
      throw new Error(
        `${path}.items.${key} is not a known price item; expected one of ${PRICE_ITEM_KEYS.join(
          ', ',
        )}`,
      );
    }
    const itemKey = key as PriceItemKey;
    items[itemKey] = parsePriceValue(
      price,
      PRICE_ITEM_UNITS[itemKey],
      `${path}.items.${key}`,
    );
  }
  return { brokers, items };
}

function parseSettings(value: unknown, path: string): PricingSettings {
  const settings = expectObject(value ?? {}, path);
  rejectUnknownKeys(settings, Object.keys(DEFAULT_PRICING_SETTINGS), path);
  const merged = { ...DEFAULT_PRICING_SETTINGS, ...settings };
  if (
    merged.expressStorageReplicaFactor !== 1 &&
    merged.expressStorageReplicaFactor !== 3
  ) {
    throw new Error(
      `${path}.expressStorageReplicaFactor must be 1 or 3, got ${JSON.stringify(
        merged.expressStorageReplicaFactor,
      )}`,
    );
  }
  if (
    !['allocated-charged', 'first-50GB-free'].includes(
      merged.flinkRunningStorageMode,
    )
  ) {
    throw new Error(
      `${path}.flinkRunningStorageMode must be 'allocated-charged' or 'first-50GB-free', got ${JSON.stringify(
        merged.flinkRunningStorageMode,
      )}`,
    );
  }
  if (!['decimal', 'binary'].includes(merged.gbUnit)) {
    throw new Error(
      `${path}.gbUnit must be 'decimal' (10^9 bytes) or 'binary' (2^30 bytes), got ${JSON.stringify(
        merged.gbUnit,
      )}`,
    );
  }
  return merged;
}

function parseAssumptions(
  value: unknown,
  path: string,
  /** Bytes in one configured GB (the gbUnit setting). */
  gb: number,
): Record<string, ResolvedAssumption> {
  if (value === undefined) {
    return {};
  }
  if (!Array.isArray(value)) {
    throw new Error(`${path} must be a list, got ${JSON.stringify(value)}`);
  }
  const result: Record<string, ResolvedAssumption> = {};
  value.forEach((entry, index) => {
    const entryPath = `${path}[${index}]`;
    const obj = expectObject(entry, entryPath);
    rejectUnknownKeys(
      obj,
      ['arn', 'partitionCount', 'storedGB', 'backupGB', 'tieredRetrievalGB'],
      entryPath,
    );
    if (typeof obj.arn !== 'string' || !obj.arn.startsWith('arn:')) {
      throw new Error(
        `${entryPath}.arn must be an ARN, got ${JSON.stringify(obj.arn)}`,
      );
    }
    if (result[obj.arn]) {
      throw new Error(`${entryPath}.arn ${obj.arn} is listed more than once`);
    }
    const assumption: ResolvedAssumption = { configPath: entryPath };
    if (obj.partitionCount !== undefined) {
      const count = nonNegativeNumber(
        obj.partitionCount,
        `${entryPath}.partitionCount`,
      );
      if (!Number.isInteger(count)) {
        throw new Error(
          `${entryPath}.partitionCount must be a whole number, got ${count}`,
        );
      }
      assumption.partitionCount = count;
    }
    if (obj.storedGB !== undefined) {
      assumption.storedBytes =
        nonNegativeNumber(obj.storedGB, `${entryPath}.storedGB`) * gb;
    }
    if (obj.backupGB !== undefined) {
      assumption.backupBytes =
        nonNegativeNumber(obj.backupGB, `${entryPath}.backupGB`) * gb;
    }
    if (obj.tieredRetrievalGB !== undefined) {
      assumption.tieredRetrievalBytes =
        nonNegativeNumber(
          obj.tieredRetrievalGB,
          `${entryPath}.tieredRetrievalGB`,
        ) * gb;
    }
    result[obj.arn] = assumption;
  });
  return result;
}

/**
 * Validates `streaming.pricing` (see {@link StreamingPricingConfig}) and merges
 * it onto the built-in tables. Throws an Error naming the config path for an
 * unknown key, region or item, a name that is not an instance type, and a
 * negative or non-numeric price, so a bad configuration stops the backend at
 * start-up. A well-formed instance type missing from the built-in list is
 * accepted with a warning (in `warnings`), so a type AWS launches next can be
 * priced by configuration.
 */
export function resolvePricing(config?: unknown): ResolvedPricing {
  const root = expectObject(config ?? {}, CONFIG_ROOT);
  rejectUnknownKeys(
    root,
    ['settings', 'brokers', 'items', 'regions', 'assumptions'],
    CONFIG_ROOT,
  );
  const regions: Record<string, PartialPriceTable> = {};
  const warnings: string[] = [];
  for (const [region, set] of Object.entries(
    expectObject(root.regions ?? {}, `${CONFIG_ROOT}.regions`),
  )) {
    if (!REGION_PATTERN.test(region)) {
      throw new Error(
        `${CONFIG_ROOT}.regions.${region} is not an AWS region name such as eu-west-1`,
      );
    }
    regions[region] = parseOverrideSet(
      set,
      `${CONFIG_ROOT}.regions.${region}`,
      warnings,
    );
  }
  const settings = parseSettings(root.settings, `${CONFIG_ROOT}.settings`);
  return {
    settings,
    builtIn: BUILT_IN_PRICE_TABLES,
    everyRegion: parseOverrideSet(
      { brokers: root.brokers, items: root.items },
      CONFIG_ROOT,
      warnings,
    ),
    regions,
    assumptions: parseAssumptions(
      root.assumptions,
      `${CONFIG_ROOT}.assumptions`,
      bytesPerGb(settings),
    ),
    warnings,
  };
}

function firstKnown(
  layers: Array<[PriceOrigin, PriceItem | undefined]>,
): PriceLookup | undefined {
  const found = layers.find(([, price]) => price !== undefined);
  return found
    ? { known: true, price: found[1]!, origin: found[0] }
    : undefined;
}

function unknownPriceReason(
  pricing: ResolvedPricing,
  region: string,
  what: string,
  configKey: string,
): string {
  const listed = pricing.priceLists?.[region];
  const listNote = listed
    ? `the AWS Price List API has no price for it in ${region}`
    : `no AWS Price List API prices stored for ${region} yet`;
  if ((CONFIGURED_ONLY_PRICE_ITEMS as string[]).includes(what)) {
    return `no built-in price for ${what} (no public source the plugin relies on states one) and ${listNote}; configure ${CONFIG_ROOT}.items.${what} or ${CONFIG_ROOT}.regions.${region}.${configKey}`;
  }
  const hasTable = Boolean(pricing.builtIn[region]);
  return hasTable
    ? `no price for ${what} in ${region} (${listNote}); configure ${CONFIG_ROOT}.regions.${region}.${configKey}`
    : `no built-in price table for ${region} (only ${Object.keys(
        pricing.builtIn,
      ).join(
        ', ',
      )}) and ${listNote}; configure ${CONFIG_ROOT}.regions.${region}.${configKey}`;
}

/**
 * The same pricing with the prices read from the AWS Price List API, keyed by
 * region. They sit between the configuration (which still wins) and the
 * built-in tables (the offline fallback).
 */
export function withPriceLists(
  pricing: ResolvedPricing,
  priceLists: Record<string, PartialPriceTable>,
): ResolvedPricing {
  return { ...pricing, priceLists };
}

/** The price of one item in a region, or why it is unknown. */
export function lookupItemPrice(
  pricing: ResolvedPricing,
  region: string,
  item: PriceItemKey,
): PriceLookup {
  return (
    firstKnown([
      ['configuration', pricing.regions[region]?.items[item]],
      ['configuration', pricing.everyRegion.items[item]],
      ['price-list', pricing.priceLists?.[region]?.items[item]],
      ['built-in', pricing.builtIn[region]?.items[item]],
    ]) ?? {
      known: false,
      reason: unknownPriceReason(pricing, region, item, `items.${item}`),
    }
  );
}

/** The instance-hour price of one broker type in a region, or why it is unknown. */
export function lookupBrokerPrice(
  pricing: ResolvedPricing,
  region: string,
  instanceType: string,
): PriceLookup {
  return (
    firstKnown([
      ['configuration', pricing.regions[region]?.brokers[instanceType]],
      ['configuration', pricing.everyRegion.brokers[instanceType]],
      ['price-list', pricing.priceLists?.[region]?.brokers[instanceType]],
      ['built-in', pricing.builtIn[region]?.brokers[instanceType]],
    ]) ?? {
      known: false,
      reason: unknownPriceReason(
        pricing,
        region,
        `broker ${instanceType}`,
        `brokers['${instanceType}']`,
      ),
    }
  );
}

/** One row of the effective price list of a region. */
export interface PriceListRow {
  /** Instance type or item key. */
  item: string;
  unit: string;
  price: PriceItem | null;
  origin?: PriceOrigin;
  reason?: string;
}

/** Every known item and broker type with its effective price in a region, for display. */
export function priceList(
  pricing: ResolvedPricing,
  region: string,
): PriceListRow[] {
  const toRow = (
    item: string,
    unit: string,
    lookup: PriceLookup,
  ): PriceListRow =>
    lookup.known
      ? { item, unit, price: lookup.price, origin: lookup.origin }
      : { item, unit, price: null, reason: lookup.reason };
  const configuredTypes = [
    ...Object.keys(pricing.regions[region]?.brokers ?? {}),
    ...Object.keys(pricing.everyRegion.brokers),
  ].filter(type => !KNOWN_BROKER_INSTANCE_TYPES.includes(type));
  return [
    ...[...KNOWN_BROKER_INSTANCE_TYPES, ...new Set(configuredTypes)].map(type =>
      toRow(type, BROKER_HOUR_UNIT, lookupBrokerPrice(pricing, region, type)),
    ),
    ...PRICE_ITEM_KEYS.map(key =>
      toRow(key, PRICE_ITEM_UNITS[key], lookupItemPrice(pricing, region, key)),
    ),
  ];
}
